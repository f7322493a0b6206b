// cgroup v1 devices controller. Writing the rules in order to devices.allow / devices.deny gives the
// spec's "in order, later wins" meaning: "a" on deny resets to deny-all, each allow adds an exception.
// A re-apply (update) starts from deny-all only when the rules themselves start with it, as they do
// for every engine's config.
import { writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { deviceRuleLine, normalizeDeviceRules } from '../device-rules';
import type { LinuxResources } from '../spec-types';

export const v1Devices: Controller = {
  name: 'devices',
  version: 1,
  handles: ['devices'],

  set(dir: string, resources: LinuxResources): void {
    if (!resources.devices || resources.devices.length === 0) return;
    normalizeDeviceRules(resources.devices).forEach((rule, i) => {
      const file = rule.allow ? 'devices.allow' : 'devices.deny';
      writeCgroupFile(dir, file, deviceRuleLine(rule), resourceField(`devices[${i}]`));
    });
  },
};
