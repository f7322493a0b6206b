/** What the seccomp compiler supports, in the shape of runtime-spec features.md `linux.seccomp`. */
import { release } from 'node:os';
import { SECCOMP_ACTION_NAMES } from './actions';
import { SECCOMP_OPERATORS } from './arg-compare';
import { SECCOMP_ARCHES } from './arches';
import { SECCOMP_PROFILE_FLAGS } from './profile';

export interface SeccompFeatures {
  enabled: boolean;
  actions: string[];
  operators: string[];
  archs: string[];
  knownFlags: string[];
  supportedFlags: string[];
}

/** The Linux release that added each flag (seccomp(2)). */
const FLAG_SINCE: Readonly<Record<string, readonly [number, number]>> = {
  SECCOMP_FILTER_FLAG_TSYNC: [3, 17],
  SECCOMP_FILTER_FLAG_LOG: [4, 14],
  SECCOMP_FILTER_FLAG_SPEC_ALLOW: [4, 17],
  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: [5, 19],
};

/**
 * `supportedFlags` are the known flags this kernel has, judged from its release (`kernelRelease`,
 * default os.release()); an unparsable release is assumed to have them all.
 */
export function supportedSeccomp(kernelRelease = release()): SeccompFeatures {
  const known = Object.keys(SECCOMP_PROFILE_FLAGS);
  const match = /^(\d+)\.(\d+)/.exec(kernelRelease);
  const kernel = match ? [Number(match[1]), Number(match[2])] : undefined;
  const supported = known.filter((flag) => {
    const [major, minor] = FLAG_SINCE[flag] ?? [0, 0];
    return kernel === undefined || kernel[0] > major || (kernel[0] === major && kernel[1] >= minor);
  });
  return {
    enabled: true,
    actions: [...SECCOMP_ACTION_NAMES],
    operators: [...SECCOMP_OPERATORS],
    archs: SECCOMP_ARCHES.map((a) => a.name),
    knownFlags: known,
    supportedFlags: supported,
  };
}
