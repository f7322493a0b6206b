// Detection of how cgroups are mounted on this host: pure v1, pure v2 ("unified"), or hybrid
// (v1 controllers plus a cgroup2 mount, which on some hosts holds controllers such as hugetlb).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CgroupUnsupportedError } from './errors';
import { parseCgroupMounts, parseProcCgroup } from './mountinfo';

export type CgroupLayoutKind = 'v1' | 'v2' | 'hybrid';

export interface CgroupHierarchy {
  mountPoint: string;
  /** The cgroup the mount shows at mountPoint. */
  root: string;
}

export interface UnifiedHierarchy extends CgroupHierarchy {
  /** Controllers the cgroup2 root offers (its cgroup.controllers). */
  controllers: string[];
}

export interface CgroupLayout {
  kind: CgroupLayoutKind;
  /** The directory every hierarchy is mounted under (normally /sys/fs/cgroup). */
  root: string;
  /** v1 controller (or `name=...` hierarchy) → its mount. Co-mounted controllers share a mount. */
  v1: Record<string, CgroupHierarchy>;
  /** The cgroup2 mount, in v2 and hybrid layouts. */
  unified?: UnifiedHierarchy;
  /** The calling process's own cgroup per controller ("" for v2), from /proc/self/cgroup. */
  own: Record<string, string>;
}

export interface DetectOptions {
  /** Text of /proc/self/mountinfo; read from the kernel when absent (tests pass a fake). */
  mountinfo?: string;
  /** Text of /proc/self/cgroup; read from the kernel when absent. */
  procCgroup?: string;
}

function isWithin(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function detectCgroupLayout(root = '/sys/fs/cgroup', options: DetectOptions = {}): CgroupLayout {
  const cgroupRoot = path.resolve(root);
  const mountinfo = options.mountinfo ?? readFileSync('/proc/self/mountinfo', 'utf8');
  const procCgroup = options.procCgroup ?? readFileSync('/proc/self/cgroup', 'utf8');
  const v1: Record<string, CgroupHierarchy> = {};
  let unified: UnifiedHierarchy | undefined;
  for (const mount of parseCgroupMounts(mountinfo)) {
    if (!isWithin(mount.mountPoint, cgroupRoot)) continue;
    if (mount.fsType === 'cgroup2') {
      // The first cgroup2 mount under the root wins; a later bind of the same hierarchy adds nothing.
      unified ??= { mountPoint: mount.mountPoint, root: mount.root, controllers: [] };
      continue;
    }
    for (const controller of mount.controllers) {
      v1[controller] ??= { mountPoint: mount.mountPoint, root: mount.root };
    }
  }
  if (unified) {
    const text = readFileSync(path.join(unified.mountPoint, 'cgroup.controllers'), 'utf8').trim();
    unified.controllers = text === '' ? [] : text.split(/\s+/);
  }
  const hasV1Controllers = Object.keys(v1).some((name) => !name.startsWith('name='));
  if (!hasV1Controllers && !unified) {
    throw new CgroupUnsupportedError(`no cgroup hierarchy is mounted under ${cgroupRoot}`);
  }
  const kind: CgroupLayoutKind = !hasV1Controllers ? 'v2' : unified ? 'hybrid' : 'v1';
  return {
    kind,
    root: cgroupRoot,
    v1,
    ...(unified ? { unified } : {}),
    own: Object.fromEntries(parseProcCgroup(procCgroup)),
  };
}

/**
 * The directory of the calling process's own cgroup in a hierarchy. /proc/self/cgroup and the mount's
 * root are both relative to our cgroup namespace; a process outside what the mount shows gets the
 * mount point itself.
 */
export function ownCgroupDir(hierarchy: CgroupHierarchy, ownPath: string | undefined): string {
  if (ownPath === undefined) return hierarchy.mountPoint;
  const rel = path.posix.relative(hierarchy.root, ownPath);
  if (rel.startsWith('..')) return hierarchy.mountPoint;
  return path.join(hierarchy.mountPoint, rel);
}
