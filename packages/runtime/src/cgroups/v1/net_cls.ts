// cgroup v1 net_cls controller: tags the container's packets with a class id for tc/iptables.
import { writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import type { LinuxResources } from '../spec-types';
import { checkInteger } from '../validate';

const FIELD = resourceField('network.classID');

function classIdValue(resources: LinuxResources): string | undefined {
  const classID = resources.network?.classID;
  return classID === undefined
    ? undefined
    : String(checkInteger(classID, FIELD, { min: 0, max: 2 ** 32 - 1 }));
}

export const v1NetCls: Controller = {
  name: 'net_cls',
  version: 1,
  handles: ['network.classID'],

  check(resources: LinuxResources): void {
    classIdValue(resources);
  },

  set(dir: string, resources: LinuxResources): void {
    const value = classIdValue(resources);
    if (value !== undefined) writeCgroupFile(dir, 'net_cls.classid', value, FIELD);
  },
};
