// A container's directories on a cgroup v1 host: one per mounted controller (and named hierarchy).
import { v1CgroupDir } from '../cgroups-path';
import type { CgroupHierarchyDir } from '../hierarchy';
import type { CgroupLayout } from '../layout';
import { v1Controller } from './registry';

export function v1Hierarchies(layout: CgroupLayout, cgroupPath: string): CgroupHierarchyDir[] {
  return Object.entries(layout.v1).map(([name, mount]) => {
    const controller = v1Controller(name);
    return {
      key: name,
      version: 1,
      dir: v1CgroupDir(layout, name, cgroupPath),
      mountPoint: mount.mountPoint,
      controllers: controller ? [controller] : [],
      enable: [],
    };
  });
}

/** Rebuilds v1 hierarchies from saved controller → directory paths. */
export function v1HierarchiesFromPaths(paths: Record<string, string>): CgroupHierarchyDir[] {
  return Object.entries(paths)
    .filter(([key]) => key !== '')
    .map(([key, dir]) => {
      const controller = v1Controller(key);
      return {
        key,
        version: 1,
        dir,
        mountPoint: undefined,
        controllers: controller ? [controller] : [],
        enable: [],
      };
    });
}
