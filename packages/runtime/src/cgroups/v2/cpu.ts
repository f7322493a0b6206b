// cgroup v2 cpu controller: cpu.weight, cpu.max (quota and period in one file), cpu.max.burst, cpu.idle.
import { readCgroupFile, readFlatKeyed, writeCgroupFile } from '../cgroupfs';
import { type Controller, resourceField } from '../controller';
import { checkCpuValues } from '../cpu-checks';
import { CgroupUnsupportedError } from '../errors';
import type { LinuxCpu, LinuxResources } from '../spec-types';
import type { CgroupStats } from '../stats';
import { cpuSharesToWeight } from './convert';

// cpu.max is "<quota|max> <period>"; setting only one half keeps the other as it is.
function cpuMaxValue(dir: string, cpu: LinuxCpu): string | undefined {
  if (!cpu.quota && !cpu.period) return undefined;
  const [currentQuota, currentPeriod] = readCgroupFile(dir, 'cpu.max').split(/\s+/);
  const quota = cpu.quota ? (cpu.quota < 0 ? 'max' : String(cpu.quota)) : currentQuota;
  const period = cpu.period ? String(cpu.period) : currentPeriod;
  return `${quota} ${period}`;
}

export const v2Cpu: Controller = {
  name: 'cpu',
  version: 2,
  handles: ['cpu'],

  check(resources: LinuxResources): void {
    const cpu = resources.cpu;
    if (!cpu) return;
    checkCpuValues(cpu);
    if (cpu.realtimeRuntime || cpu.realtimePeriod) {
      const field = resourceField(cpu.realtimeRuntime ? 'cpu.realtimeRuntime' : 'cpu.realtimePeriod');
      throw new CgroupUnsupportedError(`${field}: cgroup v2 has no real-time group scheduling`, field);
    }
  },

  set(dir: string, resources: LinuxResources): void {
    const cpu = resources.cpu;
    if (!cpu) return;
    if (cpu.shares) {
      writeCgroupFile(dir, 'cpu.weight', String(cpuSharesToWeight(cpu.shares)), resourceField('cpu.shares'));
    }
    const max = cpuMaxValue(dir, cpu);
    if (max !== undefined) {
      writeCgroupFile(dir, 'cpu.max', max, resourceField(cpu.quota ? 'cpu.quota' : 'cpu.period'));
    }
    if (cpu.burst !== undefined) {
      writeCgroupFile(dir, 'cpu.max.burst', String(cpu.burst), resourceField('cpu.burst'));
    }
    if (cpu.idle !== undefined) writeCgroupFile(dir, 'cpu.idle', String(cpu.idle), resourceField('cpu.idle'));
  },

  stats(dir: string, stats: CgroupStats): void {
    // cpu.stat is in microseconds; runc's stats are in nanoseconds.
    const values = readFlatKeyed(dir, 'cpu.stat');
    const ns = (key: string): number => (values.get(key) ?? 0) * 1000;
    stats.cpu.usage = { total: ns('usage_usec'), user: ns('user_usec'), kernel: ns('system_usec') };
    stats.cpu.throttling = {
      periods: values.get('nr_periods') ?? 0,
      throttledPeriods: values.get('nr_throttled') ?? 0,
      throttledTime: ns('throttled_usec'),
    };
  },
};
