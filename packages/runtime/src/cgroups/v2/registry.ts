// The v2 controllers Berth drives, by the name cgroup.controllers lists them under.
import type { Controller } from '../controller';
import { cpusetController } from '../cpuset';
import { pidsController } from '../pids';
import { rdmaController } from '../rdma';
import { v2Cpu } from './cpu';
import { v2Hugetlb } from './hugetlb';
import { v2Io } from './io';
import { v2Memory } from './memory';

export function v2Controller(name: string): Controller | undefined {
  switch (name) {
    case 'cpu':
      return v2Cpu;
    case 'cpuset':
      return cpusetController(2);
    case 'memory':
      return v2Memory;
    case 'io':
      return v2Io;
    case 'pids':
      return pidsController(2);
    case 'hugetlb':
      return v2Hugetlb();
    case 'rdma':
      return rdmaController(2);
    default:
      return undefined;
  }
}
