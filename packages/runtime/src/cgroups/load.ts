// Rebuilding a container's hierarchies from the paths saved in its state, for commands that come
// after create (start, exec, pause, update, delete). Reads what the cgroup2 directory offers now.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CgroupInvalidArgumentError } from './errors';
import type { CgroupLayoutKind } from './layout';
import type { CgroupHierarchyDir } from './hierarchy';
import { v1HierarchiesFromPaths } from './v1/hierarchies';
import type { DeviceProgramLoader } from './v2/devices';
import { v2Hierarchy } from './v2/hierarchy';

export interface LoadOptions {
  loadDeviceProgram?: DeviceProgramLoader;
}

/** Rebuilds a manager from paths() as saved in the container state. Never creates directories. */
export function loadHierarchies(
  paths: Record<string, string>,
  options: LoadOptions = {},
): { kind: CgroupLayoutKind; hierarchies: CgroupHierarchyDir[] } {
  for (const [key, dir] of Object.entries(paths)) {
    if (typeof dir !== 'string' || !path.isAbsolute(dir)) {
      throw new CgroupInvalidArgumentError(
        `saved cgroup path for ${JSON.stringify(key)} is not absolute: ${JSON.stringify(dir)}`,
      );
    }
  }
  const hierarchies = v1HierarchiesFromPaths(paths);
  const v2Dir = paths[''];
  const kind = v2Dir === undefined ? 'v1' : hierarchies.length === 0 ? 'v2' : 'hybrid';
  if (v2Dir !== undefined) {
    const offered = existsSync(v2Dir)
      ? readFileSync(path.join(v2Dir, 'cgroup.controllers'), 'utf8').trim()
      : '';
    const usable = (offered === '' ? [] : offered.split(/\s+/)).filter((name) => !(name in paths));
    hierarchies.push(
      v2Hierarchy({
        dir: v2Dir,
        mountPoint: undefined,
        usable,
        ...(kind === 'v2' ? { devices: { load: options.loadDeviceProgram } } : {}),
      }),
    );
  }
  return { kind, hierarchies };
}
