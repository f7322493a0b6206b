import { InvalidConfigError } from '../errors';
import type { PlanWriter } from '../helper/plan-writer';
import { Tag } from '../helper/plan-tags';
import type { Process } from '../oci';

// The kernel's largest CPU set (CONFIG_NR_CPUS tops out at 8192).
const MAX_CPUS = 8192;

/**
 * A CPU list ("0-3,7") as the bytes of a cpu_set_t, which the helper hands to
 * sched_setaffinity(2) as they are; undefined for an empty list (the spec's "leave it alone").
 */
export function cpuListMask(list: string, field: string): Buffer | undefined {
  if (list.trim() === '') return undefined;
  let highest = 0;
  const ranges = list.split(',').map((item) => {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(item);
    if (!match) throw new InvalidConfigError(`${field}: "${list}" is not a CPU list like "0-3,7"`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new InvalidConfigError(`${field}: range "${item.trim()}" runs backwards`);
    if (last >= MAX_CPUS)
      throw new InvalidConfigError(`${field}: CPU ${last} is beyond the kernel's ${MAX_CPUS}`);
    highest = Math.max(highest, last);
    return [first, last];
  });
  // Whole unsigned longs, as the kernel reads a cpu_set_t.
  const mask = Buffer.alloc(Math.ceil((highest + 1) / 64) * 8);
  for (const [first, last] of ranges)
    for (let cpu = first; cpu <= last; cpu++) mask[cpu >> 3] |= 1 << (cpu & 7);
  return mask;
}

/**
 * process.execCPUAffinity of an exec'd process: `initial` for the helper before it joins the
 * container's cgroups (the process inherits it), `final` once it is in them. The spec leaves the
 * container's init alone, so create plans only check the lists.
 */
export function writeCpuAffinityRecords(
  plan: PlanWriter | undefined,
  proc: Process,
  field = 'process',
): void {
  const affinity = proc.execCPUAffinity;
  if (!affinity) return;
  const initial = affinity.initial && cpuListMask(affinity.initial, `${field}.execCPUAffinity.initial`);
  const final = affinity.final && cpuListMask(affinity.final, `${field}.execCPUAffinity.final`);
  if (!plan) return;
  if (initial) plan.addBytes(Tag.CpuAffinityInitial, initial);
  if (final) plan.addBytes(Tag.CpuAffinityFinal, final);
}
