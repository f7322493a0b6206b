/** Small value checks shared by the config.json sections. */
import type { Check } from '../validation/check';
import { refine, rule } from '../validation/check';
import { memberPath } from '../validation/issues';
import { absolutePath, anyString, matching, quote, uint32 } from '../validation/primitives';
import { object, required } from '../validation/structures';
import type { LinuxIdMapping } from './linux-types';

/** CPU or NUMA node lists like `0-3,7` (cpuset syntax); ranges must not run backwards. */
export const cpuList: Check<string> = rule(
  matching(/^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/, 'a list like "0-3,7"'),
  (s) => {
    for (const part of s.split(',')) {
      const [low, high] = part.split('-').map(Number);
      if (high !== undefined && low !== undefined && high < low) return `range ${quote(part)} runs backwards`;
    }
    return undefined;
  },
);

export const idMapping: Check<LinuxIdMapping> = refine(
  object<LinuxIdMapping>({
    containerID: required(uint32),
    hostID: required(uint32),
    size: required(uint32),
  }),
  (mapping, path, issues) => {
    if (mapping.size === 0) issues.add(memberPath(path, 'size'), 'must be > 0');
  },
);

/** An absolute path without NUL bytes (which the kernel would silently cut at). */
export const safeAbsolutePath: Check<string> = rule(absolutePath, (s) =>
  s.includes('\0') ? 'must not contain NUL bytes' : undefined,
);

/**
 * cgroupsPath: absolute or relative (spec), or `slice:prefix:name` for the systemd driver. Berth
 * refuses `..` segments so a config cannot aim outside the cgroup tree it is given.
 */
export const cgroupsPath: Check<string> = rule(anyString, (s) => {
  if (s.includes('\0')) return 'must not contain NUL bytes';
  if (s.split(/[/:]/).includes('..')) return `must not contain ".." segments, got ${quote(s)}`;
  return undefined;
});

/** sysctl names in dotted (`net.ipv4.ip_forward`) or slashed (`net/ipv4/ip_forward`) form. */
export function sysctlKeyProblem(key: string): string | undefined {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.\-/@:]*$/.test(key)) return `invalid sysctl name ${quote(key)}`;
  if (key.split(/[./]/).includes('')) return `invalid sysctl name ${quote(key)}: empty component`;
  return undefined;
}
