// cgroup v1 net_cls controller: tags the container's packets with a class id for tc/iptables.
import { writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import type { LinuxResources } from '../spec-types';
import { checkInteger } from '../validate';

export const v1NetCls: Controller = {
  name: 'net_cls',
  version: 1,
  handles: ['network.classID'],

  set(dir: string, resources: LinuxResources): void {
    const classID = resources.network?.classID;
    if (classID === undefined) return;
    const field = resourceField('network.classID');
    writeCgroupFile(
      dir,
      'net_cls.classid',
      String(checkInteger(classID, field, { min: 0, max: 2 ** 32 - 1 })),
      field,
    );
  },
};
