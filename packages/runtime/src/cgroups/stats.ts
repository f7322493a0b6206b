// Cgroup statistics, shaped (and keyed) like runc's `events --stats` JSON so the CLI can print them
// as they are. Extra OOM counters are additions engines ignore.

export interface CpuUsage {
  /** Nanoseconds. */
  total: number;
  percpu?: number[];
  percpu_kernel?: number[];
  percpu_user?: number[];
  kernel: number;
  user: number;
}

export interface CpuStats {
  usage: CpuUsage;
  throttling: { periods: number; throttledPeriods: number; throttledTime: number };
}

export interface MemoryEntry {
  limit: number;
  usage: number;
  max: number;
  failcnt: number;
}

export interface MemoryStats {
  cache: number;
  usage: MemoryEntry;
  swap: MemoryEntry;
  kernel: MemoryEntry;
  kernelTCP: MemoryEntry;
  raw: Record<string, number>;
  /** Times the OOM killer ran in this cgroup (v1 oom_control oom_kill, v2 memory.events oom_kill). */
  oomKill: number;
  /** Times the cgroup hit its limit and went OOM (v2 memory.events oom; v1 does not count these). */
  oomEvents?: number;
  /** v1 only: the cgroup is in OOM right now (oom_control under_oom). */
  underOom?: boolean;
}

export interface PidsStats {
  current: number;
  limit: number;
}

export interface BlkioEntry {
  major: number;
  minor: number;
  op: string;
  value: number;
}

export interface BlkioStats {
  ioServiceBytesRecursive: BlkioEntry[];
  ioServicedRecursive: BlkioEntry[];
  ioQueuedRecursive?: BlkioEntry[];
  ioServiceTimeRecursive?: BlkioEntry[];
  ioWaitTimeRecursive?: BlkioEntry[];
  ioMergedRecursive?: BlkioEntry[];
  ioTimeRecursive?: BlkioEntry[];
  sectorsRecursive?: BlkioEntry[];
}

export interface HugetlbStats {
  usage: number;
  max: number;
  failcnt: number;
}

export interface CgroupStats {
  cpu: CpuStats;
  memory: MemoryStats;
  pids: PidsStats;
  blkio: BlkioStats;
  /** Keyed by page size as the kernel names it: "2MB", "1GB". */
  hugetlb: Record<string, HugetlbStats>;
}

function emptyMemoryEntry(): MemoryEntry {
  return { limit: 0, usage: 0, max: 0, failcnt: 0 };
}

export function emptyStats(): CgroupStats {
  return {
    cpu: {
      usage: { total: 0, kernel: 0, user: 0 },
      throttling: { periods: 0, throttledPeriods: 0, throttledTime: 0 },
    },
    memory: {
      cache: 0,
      usage: emptyMemoryEntry(),
      swap: emptyMemoryEntry(),
      kernel: emptyMemoryEntry(),
      kernelTCP: emptyMemoryEntry(),
      raw: {},
      oomKill: 0,
    },
    pids: { current: 0, limit: 0 },
    blkio: { ioServiceBytesRecursive: [], ioServicedRecursive: [] },
    hugetlb: {},
  };
}
