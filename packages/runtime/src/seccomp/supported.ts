/** What the seccomp compiler supports, in the shape of runtime-spec features.md `linux.seccomp`. */
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

export function supportedSeccomp(): SeccompFeatures {
  const flags = Object.keys(SECCOMP_PROFILE_FLAGS);
  return {
    enabled: true,
    actions: [...SECCOMP_ACTION_NAMES],
    operators: [...SECCOMP_OPERATORS],
    archs: SECCOMP_ARCHES.map((a) => a.name),
    knownFlags: flags,
    // Every known flag is passed to the kernel as is; this one needs Linux 5.19 or later.
    supportedFlags: flags,
  };
}
