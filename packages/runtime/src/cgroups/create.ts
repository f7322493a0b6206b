// Building a container's CgroupManager from its config (cgroupsPath, resources) and the host layout.
import { containerCgroupPath, v2CgroupDir } from './cgroups-path';
import type { CgroupHierarchyDir } from './hierarchy';
import { type CgroupLayout, detectCgroupLayout } from './layout';
import { CgroupManager } from './manager';
import type { LinuxResources } from './spec-types';
import { rejectSystemdDriver } from './systemd';
import { v1Hierarchies } from './v1/hierarchies';
import type { DeviceProgramLoader } from './v2/devices';
import { v2Hierarchy } from './v2/hierarchy';

export interface CgroupManagerOptions {
  /** The container id: the cgroup's name when cgroupsPath is absent. */
  id: string;
  /** linux.cgroupsPath: absolute, relative (to the runtime's own cgroup), or systemd "slice:prefix:name". */
  cgroupsPath?: string;
  /** linux.resources, kept for settings that must precede the first process (real-time budget). */
  resources?: LinuxResources;
  /** Where the hierarchies are mounted; tests point this at a fake tree. Default /sys/fs/cgroup. */
  root?: string;
  /** A layout detected beforehand (or a fake one); detected from /proc/self when absent. */
  layout?: CgroupLayout;
  /** --systemd-cgroup. */
  systemd?: boolean;
  /** Loads a v2 device eBPF program into a cgroup; needed for device rules on pure cgroup v2. */
  loadDeviceProgram?: DeviceProgramLoader;
  /** --rootless: skip hierarchies we may not create or join, as long as no limit needs them. */
  rootless?: boolean;
}

export function createCgroupManager(options: CgroupManagerOptions): CgroupManager {
  if (options.systemd) rejectSystemdDriver(options.id, options.cgroupsPath);
  const layout = options.layout ?? detectCgroupLayout(options.root);
  const cgroupPath = containerCgroupPath(options.id, options.cgroupsPath);
  const hierarchies: CgroupHierarchyDir[] = layout.kind === 'v2' ? [] : v1Hierarchies(layout, cgroupPath);
  if (layout.unified) {
    // In a hybrid layout the cgroup2 mount serves only what no v1 hierarchy has (hugetlb on this
    // project's build host); the process still joins it, as under runc.
    const usable = layout.unified.controllers.filter((name) => layout.kind === 'v2' || !(name in layout.v1));
    hierarchies.push(
      v2Hierarchy({
        dir: v2CgroupDir(layout, cgroupPath),
        mountPoint: layout.unified.mountPoint,
        usable,
        ...(options.resources ? { resources: options.resources } : {}),
        ...(layout.kind === 'v2' ? { devices: { load: options.loadDeviceProgram } } : {}),
      }),
    );
  }
  return new CgroupManager({
    kind: layout.kind,
    hierarchies,
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.rootless ? { rootless: true } : {}),
  });
}
