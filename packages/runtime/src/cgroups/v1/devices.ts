// cgroup v1 devices controller. The rules apply in order, later ones winning, as writes to
// devices.allow / devices.deny do; devices-plan.ts turns them into the fewest writes from the
// cgroup's current state, so re-applying rules to a running container never blocks its devices.
import { readCgroupFile, writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { normalizeDeviceRules } from '../device-rules';
import type { LinuxResources } from '../spec-types';
import { planDeviceWrites } from './devices-plan';

export const v1Devices: Controller = {
  name: 'devices',
  version: 1,
  handles: ['devices'],

  check(resources: LinuxResources): void {
    normalizeDeviceRules(resources.devices ?? []);
  },

  set(dir: string, resources: LinuxResources): void {
    if (!resources.devices || resources.devices.length === 0) return;
    const rules = normalizeDeviceRules(resources.devices);
    for (const write of planDeviceWrites(readCgroupFile(dir, 'devices.list'), rules)) {
      writeCgroupFile(
        dir,
        write.file,
        write.line,
        resourceField(write.rule === undefined ? 'devices' : `devices[${write.rule}]`),
      );
    }
  },
};
