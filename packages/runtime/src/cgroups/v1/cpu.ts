// cgroup v1 cpu controller: CFS shares, quota/period/burst, real-time budget, SCHED_IDLE groups.
import { readCgroupNumber, readFlatKeyed, writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { CgroupInvalidArgumentError } from '../errors';
import type { LinuxCpu, LinuxResources } from '../spec-types';
import type { CgroupStats } from '../stats';
import { checkCpuValues } from '../cpu-checks';

function writeNumber(dir: string, file: string, value: number, name: keyof LinuxCpu): void {
  writeCgroupFile(dir, file, String(value), resourceField(`cpu.${name}`));
}

// The real-time budget must exist before an RT process joins, so it is also applied in beforeJoin.
function setRealtime(dir: string, cpu: LinuxCpu): void {
  if (cpu.realtimePeriod) writeNumber(dir, 'cpu.rt_period_us', cpu.realtimePeriod, 'realtimePeriod');
  if (cpu.realtimeRuntime) writeNumber(dir, 'cpu.rt_runtime_us', cpu.realtimeRuntime, 'realtimeRuntime');
}

// A period shorter than the current one can be refused until the new quota is in, so on EINVAL the
// period is retried after the quota.
function setQuotaAndPeriod(dir: string, cpu: LinuxCpu): void {
  let periodPending = false;
  if (cpu.period) {
    try {
      writeNumber(dir, 'cpu.cfs_period_us', cpu.period, 'period');
    } catch (err) {
      if (!(err instanceof CgroupInvalidArgumentError) || !cpu.quota) throw err;
      periodPending = true;
    }
  }
  if (cpu.quota) writeNumber(dir, 'cpu.cfs_quota_us', cpu.quota, 'quota');
  if (periodPending) writeNumber(dir, 'cpu.cfs_period_us', cpu.period!, 'period');
}

export const v1Cpu: Controller = {
  name: 'cpu',
  version: 1,
  handles: ['cpu'],

  check(resources: LinuxResources): void {
    if (resources.cpu) checkCpuValues(resources.cpu);
  },

  beforeJoin(dir: string, resources: LinuxResources): void {
    if (resources.cpu) setRealtime(dir, resources.cpu);
  },

  set(dir: string, resources: LinuxResources): void {
    const cpu = resources.cpu;
    if (!cpu) return;
    if (cpu.shares) {
      writeNumber(dir, 'cpu.shares', cpu.shares, 'shares');
      // The kernel clamps shares into [2, 262144] without an error; report the clamp instead.
      const applied = readCgroupNumber(dir, 'cpu.shares');
      if (applied !== cpu.shares) {
        throw new CgroupInvalidArgumentError(
          `${resourceField('cpu.shares')}: ${cpu.shares} is out of the kernel's range (it would apply ${applied})`,
          resourceField('cpu.shares'),
        );
      }
    }
    setQuotaAndPeriod(dir, cpu);
    if (cpu.burst !== undefined) writeNumber(dir, 'cpu.cfs_burst_us', cpu.burst, 'burst');
    setRealtime(dir, cpu);
    if (cpu.idle !== undefined) writeNumber(dir, 'cpu.idle', cpu.idle, 'idle');
  },

  stats(dir: string, stats: CgroupStats): void {
    const values = readFlatKeyed(dir, 'cpu.stat');
    stats.cpu.throttling = {
      periods: values.get('nr_periods') ?? 0,
      throttledPeriods: values.get('nr_throttled') ?? 0,
      throttledTime: values.get('throttled_time') ?? 0,
    };
  },
};
