import { InvalidConfigError } from '../errors';
import type { Process, Scheduler } from '../oci';
import type { PlanWriter } from '../helper/plan-writer';
import { Tag } from '../helper/plan-tags';
import { capabilityMask, checkGrantable, grantableMask } from './capabilities';
import { IOPRIO_CLASSES, RLIMITS, SCHED_FLAGS, SCHED_POLICIES } from './kernel-constants';
import { writeCpuAffinityRecords } from './cpu-affinity';
import { refuseUnsupportedProcess } from './unsupported';

/**
 * The records describing the process itself, shared by create and exec plans (`exec` true: the
 * settings only an exec'd process gets, execCPUAffinity).
 */
export function writeProcessRecords(plan: PlanWriter, proc: Process, field = 'process', exec = false): void {
  if (!proc.args || proc.args.length === 0) throw new InvalidConfigError(`${field}.args: must not be empty`);
  refuseUnsupportedProcess(proc, field);
  writeCpuAffinityRecords(exec ? plan : undefined, proc, field);
  for (const arg of proc.args) plan.add(Tag.Arg, arg);
  for (const env of proc.env ?? []) plan.add(Tag.Env, env);
  plan.add(Tag.Cwd, proc.cwd || '/');
  plan.add(Tag.Uid, proc.user?.uid ?? 0);
  plan.add(Tag.Gid, proc.user?.gid ?? 0);
  for (const gid of proc.user?.additionalGids ?? []) plan.add(Tag.AdditionalGid, gid);
  if (proc.user?.umask !== undefined) plan.add(Tag.Umask, proc.user.umask);
  plan.flag(Tag.Terminal, proc.terminal);
  if (proc.terminal && proc.consoleSize)
    plan.add(Tag.ConsoleSize, `${proc.consoleSize.height} ${proc.consoleSize.width}`);
  plan.flag(Tag.NoNewPrivs, proc.noNewPrivileges);
  if (proc.oomScoreAdj !== undefined) plan.add(Tag.OomScoreAdj, proc.oomScoreAdj);
  writeRlimits(plan, proc, field);
  writeCapabilities(plan, proc, field);
  if (proc.scheduler) writeScheduler(plan, proc.scheduler, `${field}.scheduler`);
  if (proc.ioPriority) {
    const cls = IOPRIO_CLASSES[proc.ioPriority.class];
    if (cls === undefined)
      throw new InvalidConfigError(`${field}.ioPriority.class: unknown class "${proc.ioPriority.class}"`);
    plan.add(Tag.IoPrio, (cls << 13) | proc.ioPriority.priority);
  }
}

function writeRlimits(plan: PlanWriter, proc: Process, field: string): void {
  const seen = new Set<string>();
  (proc.rlimits ?? []).forEach((rl, i) => {
    const resource = RLIMITS[rl.type];
    if (resource === undefined)
      throw new InvalidConfigError(`${field}.rlimits[${i}].type: unknown rlimit "${rl.type}"`);
    if (seen.has(rl.type))
      throw new InvalidConfigError(`${field}.rlimits[${i}].type: duplicate rlimit "${rl.type}"`);
    seen.add(rl.type);
    plan.add(Tag.Rlimit, resource, BigInt(rl.soft), BigInt(rl.hard));
  });
}

function writeCapabilities(plan: PlanWriter, proc: Process, field: string): void {
  const caps = proc.capabilities;
  plan.add(Tag.CapBounding, capabilityMask(caps?.bounding, `${field}.capabilities.bounding`));
  const effective = capabilityMask(caps?.effective, `${field}.capabilities.effective`);
  const permitted = capabilityMask(caps?.permitted, `${field}.capabilities.permitted`);
  const grantable = grantableMask();
  checkGrantable(effective, `${field}.capabilities.effective`, grantable);
  checkGrantable(permitted, `${field}.capabilities.permitted`, grantable);
  plan.add(Tag.CapEffective, effective);
  plan.add(Tag.CapPermitted, permitted);
  plan.add(Tag.CapInheritable, capabilityMask(caps?.inheritable, `${field}.capabilities.inheritable`));
  plan.add(Tag.CapAmbient, capabilityMask(caps?.ambient, `${field}.capabilities.ambient`));
}

/** sched_setattr fields: policy, flags, nice, priority, runtime, deadline, period (ns). */
function writeScheduler(plan: PlanWriter, sched: Scheduler, field: string): void {
  const policy = SCHED_POLICIES[sched.policy];
  if (policy === undefined)
    throw new InvalidConfigError(`${field}.policy: "${sched.policy}" is not supported by Linux`);
  let flags = 0;
  for (const name of sched.flags ?? []) {
    const bit = SCHED_FLAGS[name];
    if (bit === undefined) throw new InvalidConfigError(`${field}.flags: unknown flag "${name}"`);
    flags |= bit;
  }
  const n = (v: number | undefined) => BigInt(v ?? 0);
  plan.add(
    Tag.Scheduler,
    policy,
    flags,
    sched.nice ?? 0,
    sched.priority ?? 0,
    n(sched.runtime),
    n(sched.deadline),
    n(sched.period),
  );
}
