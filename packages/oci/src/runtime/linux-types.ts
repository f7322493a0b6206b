/** The `linux` member of config.json (config-linux.md). */
import type {
  DEVICE_CGROUP_TYPES,
  DEVICE_TYPES,
  MEMORY_POLICY_FLAGS,
  MEMORY_POLICY_MODES,
  NAMESPACE_TYPES,
  PERSONALITY_DOMAINS,
  ROOTFS_PROPAGATIONS,
  SECCOMP_ACTIONS,
  SECCOMP_ARCHITECTURES,
  SECCOMP_FLAGS,
  SECCOMP_OPERATORS,
  TIME_OFFSET_CLOCKS,
} from './constants';

export type LinuxNamespaceType = (typeof NAMESPACE_TYPES)[number];
export type LinuxDeviceType = (typeof DEVICE_TYPES)[number];
export type LinuxDeviceCgroupType = (typeof DEVICE_CGROUP_TYPES)[number];
export type RootfsPropagation = (typeof ROOTFS_PROPAGATIONS)[number];
export type PersonalityDomain = (typeof PERSONALITY_DOMAINS)[number];
export type TimeOffsetClock = (typeof TIME_OFFSET_CLOCKS)[number];
export type MemoryPolicyMode = (typeof MEMORY_POLICY_MODES)[number];
export type MemoryPolicyFlag = (typeof MEMORY_POLICY_FLAGS)[number];
export type SeccompAction = (typeof SECCOMP_ACTIONS)[number];
export type SeccompOperator = (typeof SECCOMP_OPERATORS)[number];
export type SeccompArch = (typeof SECCOMP_ARCHITECTURES)[number];
export type SeccompFlag = (typeof SECCOMP_FLAGS)[number];

export interface Linux {
  uidMappings?: LinuxIdMapping[];
  gidMappings?: LinuxIdMapping[];
  timeOffsets?: Partial<Record<TimeOffsetClock, LinuxTimeOffset>>;
  sysctl?: Record<string, string>;
  resources?: LinuxResources;
  cgroupsPath?: string;
  namespaces?: LinuxNamespace[];
  devices?: LinuxDevice[];
  netDevices?: Record<string, LinuxNetDevice>;
  seccomp?: LinuxSeccomp;
  rootfsPropagation?: RootfsPropagation;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  mountLabel?: string;
  intelRdt?: LinuxIntelRdt;
  personality?: LinuxPersonality;
  memoryPolicy?: LinuxMemoryPolicy;
}

export interface LinuxIdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

export interface LinuxTimeOffset {
  secs?: number;
  nanosecs?: number;
}

export interface LinuxNamespace {
  type: LinuxNamespaceType;
  /** Absolute path of an existing namespace to join, e.g. /proc/1234/ns/net. */
  path?: string;
}

export interface LinuxDevice {
  type: LinuxDeviceType;
  path: string;
  /** Required unless type is `p`. */
  major?: number;
  minor?: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface LinuxNetDevice {
  /** Name inside the container; may end in `%d` to let the kernel pick a free number. */
  name?: string;
}

export interface LinuxResources {
  devices?: LinuxDeviceCgroup[];
  memory?: LinuxMemory;
  cpu?: LinuxCpu;
  pids?: LinuxPids;
  blockIO?: LinuxBlockIo;
  hugepageLimits?: LinuxHugepageLimit[];
  network?: LinuxNetwork;
  rdma?: Record<string, LinuxRdma>;
  /** cgroup v2 files and values, e.g. `{"memory.high": "1G"}`. */
  unified?: Record<string, string>;
}

export interface LinuxDeviceCgroup {
  allow: boolean;
  type?: LinuxDeviceCgroupType;
  major?: number;
  minor?: number;
  /** Any combination of r, w and m. */
  access?: string;
}

export interface LinuxMemory {
  limit?: number;
  reservation?: number;
  swap?: number;
  kernel?: number;
  kernelTCP?: number;
  swappiness?: number;
  disableOOMKiller?: boolean;
  useHierarchy?: boolean;
  checkBeforeUpdate?: boolean;
}

export interface LinuxCpu {
  shares?: number;
  quota?: number;
  burst?: number;
  period?: number;
  realtimeRuntime?: number;
  realtimePeriod?: number;
  cpus?: string;
  mems?: string;
  idle?: number;
}

export interface LinuxPids {
  limit?: number;
}

export interface LinuxWeightDevice {
  major: number;
  minor: number;
  weight?: number;
  leafWeight?: number;
}

export interface LinuxThrottleDevice {
  major: number;
  minor: number;
  rate: number;
}

export interface LinuxBlockIo {
  weight?: number;
  leafWeight?: number;
  weightDevice?: LinuxWeightDevice[];
  throttleReadBpsDevice?: LinuxThrottleDevice[];
  throttleWriteBpsDevice?: LinuxThrottleDevice[];
  throttleReadIOPSDevice?: LinuxThrottleDevice[];
  throttleWriteIOPSDevice?: LinuxThrottleDevice[];
}

export interface LinuxHugepageLimit {
  pageSize: string;
  limit: number;
}

export interface LinuxNetwork {
  classID?: number;
  priorities?: { name: string; priority: number }[];
}

export interface LinuxRdma {
  hcaHandles?: number;
  hcaObjects?: number;
}

export interface LinuxSeccomp {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  architectures?: SeccompArch[];
  flags?: SeccompFlag[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: LinuxSyscall[];
}

export interface LinuxSyscall {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: LinuxSeccompArg[];
}

export interface LinuxSeccompArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: SeccompOperator;
}

export interface LinuxIntelRdt {
  closID?: string;
  l3CacheSchema?: string;
  memBwSchema?: string;
  /** runtime-spec 1.3: raw lines for the resctrl `schemata` file. */
  schemata?: string[];
  /** runtime-spec 1.3. */
  enableMonitoring?: boolean;
  /** runtime-spec 1.1–1.2, replaced by enableMonitoring. */
  enableCMT?: boolean;
  enableMBM?: boolean;
}

export interface LinuxPersonality {
  domain: PersonalityDomain;
  flags?: string[];
}

export interface LinuxMemoryPolicy {
  mode: MemoryPolicyMode;
  /** Node list like `0-3,7`. */
  nodes?: string;
  flags?: MemoryPolicyFlag[];
}
