// The rdma controller; v1 and v2 share its rdma.max format: "<device> hca_handle=N hca_object=N".
import { writeCgroupFile } from './cgroupfs';
import { type Controller, resourceField } from './controller';
import { CgroupInvalidArgumentError } from './errors';
import type { LinuxResources } from './spec-types';
import { checkInteger } from './validate';

function rdmaLines(resources: LinuxResources): string[] {
  const lines: string[] = [];
  for (const [device, limits] of Object.entries(resources.rdma ?? {})) {
    const field = resourceField(`rdma.${device}`);
    if (!/^[\w.-]+$/.test(device)) throw new CgroupInvalidArgumentError(`${field}: not a device name`, field);
    const parts = [device];
    if (limits.hcaHandles !== undefined) {
      parts.push(`hca_handle=${checkInteger(limits.hcaHandles, `${field}.hcaHandles`, { min: 0 })}`);
    }
    if (limits.hcaObjects !== undefined) {
      parts.push(`hca_object=${checkInteger(limits.hcaObjects, `${field}.hcaObjects`, { min: 0 })}`);
    }
    if (parts.length > 1) lines.push(parts.join(' '));
  }
  return lines;
}

export function rdmaController(version: 1 | 2): Controller {
  return {
    name: 'rdma',
    version,
    handles: ['rdma'],
    check(resources: LinuxResources): void {
      rdmaLines(resources);
    },
    set(dir: string, resources: LinuxResources): void {
      for (const line of rdmaLines(resources)) writeCgroupFile(dir, 'rdma.max', line, resourceField('rdma'));
    },
  };
}
