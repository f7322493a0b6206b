// cgroup v1 net_prio controller: per-interface priority of the container's traffic.
import { writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { CgroupInvalidArgumentError } from '../errors';
import type { LinuxResources } from '../spec-types';
import { checkInteger } from '../validate';

export const v1NetPrio: Controller = {
  name: 'net_prio',
  version: 1,
  handles: ['network.priorities'],

  set(dir: string, resources: LinuxResources): void {
    (resources.network?.priorities ?? []).forEach((entry, i) => {
      const field = resourceField(`network.priorities[${i}]`);
      if (typeof entry.name !== 'string' || !/^[^\s/]{1,15}$/.test(entry.name)) {
        throw new CgroupInvalidArgumentError(
          `${field}.name: ${JSON.stringify(entry.name)} is not an interface name`,
          `${field}.name`,
        );
      }
      const priority = checkInteger(entry.priority, `${field}.priority`, { min: 0, max: 2 ** 32 - 1 });
      writeCgroupFile(dir, 'net_prio.ifpriomap', `${entry.name} ${priority}`, field);
    });
  },
};
