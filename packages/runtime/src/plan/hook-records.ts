import type { Hook } from '../oci';
import type { PlanWriter } from '../helper/plan-writer';
import type { TagValue } from '../helper/plan-tags';

/** Hooks the helper runs inside the container: path, timeout, argc, args, envc, env. */
export function writeHookRecords(plan: PlanWriter, tag: TagValue, hooks: readonly Hook[] | undefined): void {
  for (const hook of hooks ?? []) {
    const args = hook.args ?? [];
    const env = hook.env ?? [];
    plan.add(tag, hook.path, hook.timeout ?? 0, args.length, ...args, env.length, ...env);
  }
}
