// cgroup v1 cpuacct controller: CPU time accounting only, nothing to set.
import { readFlatKeyed, readOptionalCgroupFile, readOptionalCgroupNumber } from '../cgroupfs';
import type { Controller } from '../controller';
import type { CgroupStats } from '../stats';

// cpuacct.stat counts in USER_HZ ticks, which Linux fixes at 100 per second for userspace.
const NANOSECONDS_PER_TICK = 1e9 / 100;

function numbers(text: string | undefined): number[] | undefined {
  return text === undefined || text === '' ? undefined : text.split(/\s+/).map(Number);
}

// cpuacct.usage_all: a header line "cpu user system", then one line per CPU, in nanoseconds.
function perCpuSplit(text: string | undefined): { user: number[]; kernel: number[] } | undefined {
  if (text === undefined) return undefined;
  const rows = text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/).map(Number));
  return { user: rows.map((row) => row[1] ?? 0), kernel: rows.map((row) => row[2] ?? 0) };
}

export const v1Cpuacct: Controller = {
  name: 'cpuacct',
  version: 1,
  handles: [],

  set(): void {},

  stats(dir: string, stats: CgroupStats): void {
    const usage = stats.cpu.usage;
    usage.total = readOptionalCgroupNumber(dir, 'cpuacct.usage') ?? 0;
    const percpu = numbers(readOptionalCgroupFile(dir, 'cpuacct.usage_percpu'));
    if (percpu) usage.percpu = percpu;
    const split = perCpuSplit(readOptionalCgroupFile(dir, 'cpuacct.usage_all'));
    if (split) {
      usage.percpu_user = split.user;
      usage.percpu_kernel = split.kernel;
    }
    const ticks = readFlatKeyed(dir, 'cpuacct.stat');
    usage.user =
      readOptionalCgroupNumber(dir, 'cpuacct.usage_user') ?? (ticks.get('user') ?? 0) * NANOSECONDS_PER_TICK;
    usage.kernel =
      readOptionalCgroupNumber(dir, 'cpuacct.usage_sys') ?? (ticks.get('system') ?? 0) * NANOSECONDS_PER_TICK;
  },
};
