import type { Check } from '../validation/check';
import {
  anyString,
  boolean,
  int64,
  integer,
  matching,
  oneOf,
  uint32,
  uint64,
} from '../validation/primitives';
import { arrayOf, object, optional, recordOf, required } from '../validation/structures';
import { DEVICE_CGROUP_TYPES } from './constants';
import { cpuList } from './field-checks';
import type {
  LinuxBlockIo,
  LinuxCpu,
  LinuxDeviceCgroup,
  LinuxHugepageLimit,
  LinuxMemory,
  LinuxNetwork,
  LinuxPids,
  LinuxRdma,
  LinuxResources,
  LinuxThrottleDevice,
  LinuxWeightDevice,
} from './linux-types';

/** blkio weights: 10..1000 in cgroup v1 (0 disables a per-device leaf weight). */
const blkioWeight = integer({ min: 0, max: 1000 });

const deviceRule = object<LinuxDeviceCgroup>({
  allow: required(boolean),
  type: optional(oneOf(DEVICE_CGROUP_TYPES, 'device cgroup type')),
  major: optional(int64),
  minor: optional(int64),
  access: optional(matching(/^(?!.*(.).*\1)[rwm]{0,3}$/, 'a combination of "r", "w" and "m"')),
});

const memory = object<LinuxMemory>({
  limit: optional(int64),
  reservation: optional(int64),
  swap: optional(int64),
  kernel: optional(int64),
  kernelTCP: optional(int64),
  swappiness: optional(integer({ min: 0, max: 100 })),
  disableOOMKiller: optional(boolean),
  useHierarchy: optional(boolean),
  checkBeforeUpdate: optional(boolean),
});

const cpu = object<LinuxCpu>({
  shares: optional(uint64),
  quota: optional(int64),
  burst: optional(uint64),
  period: optional(uint64),
  realtimeRuntime: optional(int64),
  realtimePeriod: optional(uint64),
  cpus: optional(cpuList),
  mems: optional(cpuList),
  idle: optional(int64),
});

const weightDevice = object<LinuxWeightDevice>({
  major: required(int64),
  minor: required(int64),
  weight: optional(blkioWeight),
  leafWeight: optional(blkioWeight),
});

const throttleDevice = arrayOf(
  object<LinuxThrottleDevice>({
    major: required(int64),
    minor: required(int64),
    rate: required(uint64),
  }),
);

const blockIo = object<LinuxBlockIo>({
  weight: optional(blkioWeight),
  leafWeight: optional(blkioWeight),
  weightDevice: optional(arrayOf(weightDevice)),
  throttleReadBpsDevice: optional(throttleDevice),
  throttleWriteBpsDevice: optional(throttleDevice),
  throttleReadIOPSDevice: optional(throttleDevice),
  throttleWriteIOPSDevice: optional(throttleDevice),
});

const hugepageLimit = object<LinuxHugepageLimit>({
  pageSize: required(matching(/^[1-9]\d*[KMGTP]B$/, 'a page size like "2MB" or "1GB"')),
  limit: required(uint64),
});

const network = object<LinuxNetwork>({
  classID: optional(uint32),
  priorities: optional(
    arrayOf(
      object<{ name: string; priority: number }>({ name: required(anyString), priority: required(uint32) }),
    ),
  ),
});

const rdma = object<LinuxRdma>({ hcaHandles: optional(uint32), hcaObjects: optional(uint32) });

export const resourcesCheck: Check<LinuxResources> = object<LinuxResources>({
  devices: optional(arrayOf(deviceRule)),
  memory: optional(memory),
  cpu: optional(cpu),
  pids: optional(object<LinuxPids>({ limit: optional(int64) })),
  blockIO: optional(blockIo),
  hugepageLimits: optional(
    arrayOf(hugepageLimit, { uniqueBy: { member: 'pageSize', key: (h) => h.pageSize, label: 'page size' } }),
  ),
  network: optional(network),
  rdma: optional(recordOf(rdma)),
  unified: optional(
    recordOf(anyString, (key) =>
      /^[a-z0-9_]+\.[A-Za-z0-9_.]+$/.test(key)
        ? undefined
        : `invalid cgroup v2 file name ${JSON.stringify(key)}`,
    ),
  ),
});
