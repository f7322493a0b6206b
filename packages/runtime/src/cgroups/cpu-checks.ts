// CPU value checks shared by the v1 and v2 cpu controllers.
import { resourceField } from './controller';
import type { LinuxCpu } from './spec-types';
import { checkCpuList, checkInteger } from './validate';

const field = (name: keyof LinuxCpu): string => resourceField(`cpu.${name}`);

export function checkCpuValues(cpu: LinuxCpu): void {
  if (cpu.shares !== undefined) checkInteger(cpu.shares, field('shares'), { min: 0 });
  // quota -1 means "no limit"; the kernel's minimum for a real quota or period is 1 ms.
  if (cpu.quota !== undefined && cpu.quota !== -1 && cpu.quota !== 0) {
    checkInteger(cpu.quota, field('quota'), { min: 1000 });
  }
  if (cpu.period !== undefined && cpu.period !== 0) {
    checkInteger(cpu.period, field('period'), { min: 1000, max: 1_000_000 });
  }
  if (cpu.burst !== undefined) checkInteger(cpu.burst, field('burst'), { min: 0 });
  if (cpu.realtimeRuntime !== undefined) {
    checkInteger(cpu.realtimeRuntime, field('realtimeRuntime'), { min: -1 });
  }
  if (cpu.realtimePeriod !== undefined) checkInteger(cpu.realtimePeriod, field('realtimePeriod'), { min: 0 });
  if (cpu.idle !== undefined) checkInteger(cpu.idle, field('idle'), { min: 0, max: 1 });
  if (cpu.cpus !== undefined && cpu.cpus !== '') checkCpuList(cpu.cpus, field('cpus'));
  if (cpu.mems !== undefined && cpu.mems !== '') checkCpuList(cpu.mems, field('mems'));
}
