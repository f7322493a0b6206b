import type { LinuxSeccomp } from '../oci';
import { Tag } from '../helper/plan-tags';
import type { PlanWriter } from '../helper/plan-writer';
import { compileSeccomp } from '../seccomp';

/** The compiled filter; the helper loads it (and hands the listener fd out when asked). */
export function writeSeccompRecords(plan: PlanWriter, seccomp: LinuxSeccomp | undefined): void {
  if (!seccomp) return;
  const compiled = compileSeccomp(seccomp);
  plan.addBytes(Tag.SeccompFilter, compiled.filter);
  plan.add(Tag.SeccompFlags, compiled.flags);
  if (seccomp.listenerPath) plan.add(Tag.SeccompListener, seccomp.listenerPath);
}
