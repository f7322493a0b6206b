// Where a container's cgroup lives, following runc's cgroupfs driver (runtime-spec leaves the
// relative base and the default to the runtime):
//  - absolute cgroupsPath "/a/b": <hierarchy mount>/a/b in every hierarchy;
//  - relative cgroupsPath "a/b": below the runtime process's own cgroup in each v1 hierarchy, and
//    below the *parent* of its own cgroup in the v2 hierarchy (its own v2 cgroup holds processes,
//    so the no-internal-processes rule would stop us enabling controllers beneath it);
//  - no cgroupsPath: the container id, as a relative path.
// Paths are cleaned like runc's CleanPath: ".." can never climb above the hierarchy (or base) root.
import * as path from 'node:path';
import { CgroupInvalidArgumentError } from './errors';
import { type CgroupLayout, ownCgroupDir } from './layout';

const FIELD = 'linux.cgroupsPath';

/** Normalises a cgroup path so it cannot escape upwards; keeps it absolute or relative as given. */
export function cleanCgroupPath(cgroupPath: string): string {
  if (cgroupPath === '') return '';
  const joined = path.posix.normalize(path.posix.join('/', cgroupPath));
  const cleaned = joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
  if (path.posix.isAbsolute(cgroupPath)) return cleaned;
  const relative = path.posix.relative('/', cleaned);
  return relative === '' ? '.' : relative;
}

/** The cgroup path (absolute or relative) a container uses under the cgroupfs driver. */
export function containerCgroupPath(id: string, cgroupsPath: string | undefined): string {
  if (cgroupsPath !== undefined && cgroupsPath !== '') {
    if (cgroupsPath.includes('\0')) {
      throw new CgroupInvalidArgumentError(`${FIELD}: contains a NUL byte`, FIELD);
    }
    const cleaned = cleanCgroupPath(cgroupsPath);
    // Destroying the container's cgroup would then mean removing a hierarchy root or our own cgroup.
    if (cleaned === '/' || cleaned === '.') {
      throw new CgroupInvalidArgumentError(
        `${FIELD}: ${JSON.stringify(cgroupsPath)} names ${cleaned === '/' ? 'the root cgroup' : "the runtime's own cgroup"}, not one for the container`,
        FIELD,
      );
    }
    return cleaned;
  }
  if (id === '' || id.includes('/') || id === '.' || id === '..') {
    throw new CgroupInvalidArgumentError(`container id ${JSON.stringify(id)} cannot name a cgroup`, 'id');
  }
  return id;
}

/** The directory of a container's cgroup in one v1 hierarchy. */
export function v1CgroupDir(layout: CgroupLayout, controller: string, cgroupPath: string): string {
  const hierarchy = layout.v1[controller];
  if (!hierarchy) throw new Error(`cgroup v1 controller ${controller} is not mounted`);
  if (path.posix.isAbsolute(cgroupPath)) return path.join(hierarchy.mountPoint, cgroupPath);
  return path.join(ownCgroupDir(hierarchy, layout.own[controller]), cgroupPath);
}

/** The directory of a container's cgroup in the cgroup2 hierarchy. */
export function v2CgroupDir(layout: CgroupLayout, cgroupPath: string): string {
  const unified = layout.unified;
  if (!unified) throw new Error('no cgroup2 hierarchy is mounted');
  if (path.posix.isAbsolute(cgroupPath)) return path.join(unified.mountPoint, cgroupPath);
  const own = ownCgroupDir(unified, layout.own['']);
  const base = own === unified.mountPoint ? own : path.dirname(own);
  return path.join(base, cgroupPath);
}
