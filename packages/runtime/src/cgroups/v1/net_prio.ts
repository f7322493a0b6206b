// cgroup v1 net_prio controller: per-interface priority of the container's traffic.
import { writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { CgroupInvalidArgumentError } from '../errors';
import type { LinuxResources } from '../spec-types';
import { checkInteger } from '../validate';

/** "<interface> <priority>" lines for net_prio.ifpriomap, one per entry. */
function priorityLines(resources: LinuxResources): string[] {
  return (resources.network?.priorities ?? []).map((entry, i) => {
    const field = resourceField(`network.priorities[${i}]`);
    if (typeof entry.name !== 'string' || !/^[^\s/]{1,15}$/.test(entry.name)) {
      throw new CgroupInvalidArgumentError(
        `${field}.name: ${JSON.stringify(entry.name)} is not an interface name`,
        `${field}.name`,
      );
    }
    return `${entry.name} ${checkInteger(entry.priority, `${field}.priority`, { min: 0, max: 2 ** 32 - 1 })}`;
  });
}

export const v1NetPrio: Controller = {
  name: 'net_prio',
  version: 1,
  handles: ['network.priorities'],

  check(resources: LinuxResources): void {
    priorityLines(resources);
  },

  set(dir: string, resources: LinuxResources): void {
    priorityLines(resources).forEach((line, i) => {
      writeCgroupFile(dir, 'net_prio.ifpriomap', line, resourceField(`network.priorities[${i}]`));
    });
  },
};
