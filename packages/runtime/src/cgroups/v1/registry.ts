// The v1 controllers Berth drives, by the name the kernel mounts them under. Hierarchies not listed
// (perf_event, misc, name=systemd, ...) are still joined so the container is wholly inside its cgroup.
import type { Controller } from '../controller';
import { cpusetController } from '../cpuset';
import { pidsController } from '../pids';
import { rdmaController } from '../rdma';
import { v1Blkio } from './blkio';
import { v1Cpu } from './cpu';
import { v1Cpuacct } from './cpuacct';
import { v1Devices } from './devices';
import { v1Hugetlb } from './hugetlb';
import { v1Memory } from './memory';
import { v1NetCls } from './net_cls';
import { v1NetPrio } from './net_prio';

export function v1Controller(name: string): Controller | undefined {
  switch (name) {
    case 'cpu':
      return v1Cpu;
    case 'cpuacct':
      return v1Cpuacct;
    case 'cpuset':
      return cpusetController(1);
    case 'memory':
      return v1Memory;
    case 'devices':
      return v1Devices;
    case 'blkio':
      return v1Blkio;
    case 'hugetlb':
      return v1Hugetlb();
    case 'pids':
      return pidsController(1);
    case 'net_cls':
      return v1NetCls;
    case 'net_prio':
      return v1NetPrio;
    case 'rdma':
      return rdmaController(1);
    default:
      return undefined;
  }
}
