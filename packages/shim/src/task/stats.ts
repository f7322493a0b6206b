import { task } from '@berth/api';

type Numbers = Record<string, unknown>;

// cgroup v1 reports "no memory limit" as 2^63 rounded down to a page; JavaScript clients decode
// uint64 fields as numbers and refuse anything past 2^53, so huge values are capped there.
function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER)
    : 0;
}

function obj(value: unknown): Numbers {
  return value !== null && typeof value === 'object' ? (value as Numbers) : {};
}

function sumBlkio(entries: unknown, op: string): number {
  if (!Array.isArray(entries)) return 0;
  let total = 0;
  for (const entry of entries)
    if (obj(entry).op?.toString().toLowerCase() === op) total += num(obj(entry).value);
  return total;
}

/**
 * The runtime's cgroup statistics (runc's `events --stats` shape, as `Runtime.stats` returns
 * them) as the Task API's StatsResponse. Read defensively: a controller the host lacks is zero.
 */
export function toStatsResponse(stats: unknown): task.v1.StatsResponse {
  const root = obj(stats);
  const cpu = obj(root.cpu);
  const usage = obj(cpu.usage);
  const throttling = obj(cpu.throttling);
  const memory = obj(root.memory);
  const memoryUsage = obj(memory.usage);
  const pids = obj(root.pids);
  const blkio = obj(root.blkio);
  return task.v1.StatsResponse.fromPartial({
    cpu: {
      usageTotalNs: num(usage.total),
      usageUserNs: num(usage.user),
      usageKernelNs: num(usage.kernel),
      throttledPeriods: num(throttling.throttledPeriods),
      throttledTimeNs: num(throttling.throttledTime),
    },
    memory: {
      usage: num(memoryUsage.usage),
      maxUsage: num(memoryUsage.max),
      limit: num(memoryUsage.limit),
      cache: num(memory.cache),
      failcnt: num(memoryUsage.failcnt),
      oomKills: num(memory.oomKill),
    },
    pids: { current: num(pids.current), limit: num(pids.limit) },
    io: {
      readBytes: sumBlkio(blkio.ioServiceBytesRecursive, 'read'),
      writeBytes: sumBlkio(blkio.ioServiceBytesRecursive, 'write'),
      readOps: sumBlkio(blkio.ioServicedRecursive, 'read'),
      writeOps: sumBlkio(blkio.ioServicedRecursive, 'write'),
    },
  });
}
