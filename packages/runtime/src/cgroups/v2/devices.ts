// cgroup v2 device rules: compiled to an eBPF program (device-filter.ts) that the init helper loads
// with bpf(BPF_PROG_LOAD) and attaches to the container's cgroup (BPF_CGROUP_DEVICE). Node cannot
// make that syscall, so the loading is injected; without a loader, device rules are refused rather
// than silently left unenforced.
import { type Controller, resourceField } from '../controller';
import { CgroupUnsupportedError } from '../errors';
import type { LinuxResources } from '../spec-types';
import { type DeviceProgram, compileDeviceFilter } from './device-filter';

/** Loads `program` and attaches it to the cgroup directory `dir`, replacing any earlier one. */
export type DeviceProgramLoader = (dir: string, program: DeviceProgram) => void;

export function v2Devices(load: DeviceProgramLoader | undefined): Controller {
  return {
    name: 'devices',
    version: 2,
    handles: ['devices'],
    check(resources: LinuxResources): void {
      if (!resources.devices || resources.devices.length === 0) return;
      compileDeviceFilter(resources.devices);
      if (!load) {
        const field = resourceField('devices');
        throw new CgroupUnsupportedError(
          `${field}: cgroup v2 device rules need an eBPF program loader (the init helper), and none is configured`,
          field,
        );
      }
    },
    set(dir: string, resources: LinuxResources): void {
      if (!resources.devices || resources.devices.length === 0 || !load) return;
      load(dir, compileDeviceFilter(resources.devices));
    },
  };
}
