// A container's directory in the cgroup v2 hierarchy, with the v2 controllers it may use.
import type { Controller } from '../controller';
import type { CgroupHierarchyDir } from '../hierarchy';
import type { LinuxResources } from '../spec-types';
import { type DeviceProgramLoader, v2Devices } from './devices';
import { v2Controller } from './registry';
import { unifiedController, unifiedControllers } from './unified';

export interface V2HierarchyOptions {
  dir: string;
  mountPoint: string | undefined;
  /** Controllers this cgroup may use: all the v2 root offers, or in a hybrid layout what v1 lacks. */
  usable: string[];
  resources?: LinuxResources;
  /** Pure v2 only: device rules go to an eBPF program (in hybrid layouts the v1 devices controller has them). */
  devices?: { load: DeviceProgramLoader | undefined };
}

export function v2Hierarchy(options: V2HierarchyOptions): CgroupHierarchyDir {
  const drivers = options.usable.map(v2Controller).filter((c): c is Controller => c !== undefined);
  const controllers = [...drivers, unifiedController(options.usable)];
  if (options.devices) controllers.push(v2Devices(options.devices.load));
  // Enable what we drive, plus any controller the unified map names, in every ancestor.
  const wanted = new Set([...drivers.map((c) => c.name), ...unifiedControllers(options.resources ?? {})]);
  const enable = [...wanted].filter((name) => options.usable.includes(name));
  return { key: '', version: 2, dir: options.dir, mountPoint: options.mountPoint, controllers, enable };
}
