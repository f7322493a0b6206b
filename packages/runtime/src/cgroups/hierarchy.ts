// One cgroup directory of a container: in a v1 hierarchy (one per controller mount) or in the v2
// hierarchy (one for all v2 controllers), with the controllers that act on it.
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { errnoOf, readCgroupFile, writeCgroupFile } from './cgroupfs';
import type { Controller } from './controller';
import { CgroupIoError, CgroupNotFoundError, CgroupUnsupportedError } from './errors';

export interface CgroupHierarchyDir {
  /** Key in paths() and runc's state: the v1 controller name, "" for the v2 hierarchy. */
  key: string;
  version: 1 | 2;
  dir: string;
  /** The hierarchy's mount point; undefined when rebuilt from saved paths (never creates dirs). */
  mountPoint: string | undefined;
  controllers: Controller[];
  /** v2: the controllers to enable in every ancestor's cgroup.subtree_control. */
  enable: string[];
}

// v2 "+name" writes one controller at a time, so one the kernel lacks is named in the error.
function enableControllers(dir: string, names: readonly string[]): void {
  const enabled = new Set(readCgroupFile(dir, 'cgroup.subtree_control').split(/\s+/));
  const available = new Set(readCgroupFile(dir, 'cgroup.controllers').split(/\s+/));
  for (const name of names) {
    if (enabled.has(name)) continue;
    if (!available.has(name)) {
      throw new CgroupUnsupportedError(`cgroup v2 controller ${name} is not available in ${dir}`);
    }
    writeCgroupFile(dir, 'cgroup.subtree_control', `+${name}`, `cgroup ${name} controller`);
  }
}

/**
 * Creates the directory and its missing parents, enabling v2 controllers on the way down and readying
 * each new level. A hierarchy rebuilt from saved paths only checks that its directory still exists.
 */
export function createHierarchyDir(hierarchy: CgroupHierarchyDir): void {
  if (hierarchy.mountPoint === undefined) {
    if (existsSync(hierarchy.dir)) return;
    throw new CgroupNotFoundError(`cgroup ${hierarchy.dir} no longer exists`);
  }
  const rel = path.relative(hierarchy.mountPoint, hierarchy.dir);
  let current = hierarchy.mountPoint;
  for (const part of rel === '' ? [] : rel.split(path.sep)) {
    if (hierarchy.version === 2 && hierarchy.enable.length > 0) enableControllers(current, hierarchy.enable);
    current = path.join(current, part);
    try {
      mkdirSync(current);
    } catch (err) {
      if (errnoOf(err) === 'EEXIST') continue;
      throw new CgroupIoError(`cannot create cgroup ${current}: ${(err as Error).message}`, undefined, {
        cause: err,
      });
    }
    for (const controller of hierarchy.controllers) controller.initDir?.(current);
  }
}
