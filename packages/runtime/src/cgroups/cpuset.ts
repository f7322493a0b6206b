// The cpuset controller; v1 and v2 share cpuset.cpus and cpuset.mems. A new v1 cpuset starts with
// empty sets and refuses tasks until they are filled, so on v1 every level we create inherits its
// parent's sets first (v2 falls back to the parent's effective sets by itself).
import * as path from 'node:path';
import { readCgroupFile, writeCgroupFile } from './cgroupfs';
import { type Controller, resourceField } from './controller';
import { checkCpuValues } from './cpu-checks';
import type { LinuxResources } from './spec-types';

function inheritIfEmpty(dir: string, file: string): void {
  if (readCgroupFile(dir, file) !== '') return;
  writeCgroupFile(dir, file, readCgroupFile(path.dirname(dir), file), `cgroup ${file}`);
}

function setCpuset(dir: string, resources: LinuxResources): void {
  const cpu = resources.cpu;
  if (!cpu) return;
  if (cpu.cpus) writeCgroupFile(dir, 'cpuset.cpus', cpu.cpus, resourceField('cpu.cpus'));
  if (cpu.mems) writeCgroupFile(dir, 'cpuset.mems', cpu.mems, resourceField('cpu.mems'));
}

export function cpusetController(version: 1 | 2): Controller {
  const controller: Controller = {
    name: 'cpuset',
    version,
    handles: ['cpuset'],
    check: (resources) => {
      if (resources.cpu) checkCpuValues(resources.cpu);
    },
    set: setCpuset,
  };
  if (version === 1) {
    controller.initDir = (dir: string): void => {
      inheritIfEmpty(dir, 'cpuset.cpus');
      inheritIfEmpty(dir, 'cpuset.mems');
    };
  }
  return controller;
}
