import type { LinuxSeccomp } from '../oci';
import { Tag } from '../helper/plan-tags';
import type { PlanWriter } from '../helper/plan-writer';
import { compileSeccomp } from '../seccomp';

type Compiled = ReturnType<typeof compileSeccomp>;

/**
 * Filters compiled lately, by profile: a long-lived caller (berth-shim) creates container
 * after container with the same profile (docker's default: 2-10 ms to compile each time).
 */
const recent = new Map<string, Compiled>();
const RECENT_MAX = 8;

function compiledFilter(seccomp: LinuxSeccomp): Compiled {
  const key = JSON.stringify(seccomp);
  let compiled = recent.get(key);
  if (compiled) recent.delete(key);
  else compiled = compileSeccomp(seccomp);
  recent.set(key, compiled);
  if (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value as string);
  return compiled;
}

/** The compiled filter; the helper loads it (and hands the listener fd out when asked). */
export function writeSeccompRecords(plan: PlanWriter, seccomp: LinuxSeccomp | undefined): void {
  if (!seccomp) return;
  const compiled = compiledFilter(seccomp);
  plan.addBytes(Tag.SeccompFilter, compiled.filter);
  plan.add(Tag.SeccompFlags, compiled.flags);
  if (seccomp.listenerPath) plan.add(Tag.SeccompListener, seccomp.listenerPath);
}
