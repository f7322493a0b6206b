import type { Process, Spec } from '../oci';
import { Tag } from '../helper/plan-tags';
import { PlanWriter } from '../helper/plan-writer';
import { InvalidConfigError } from '../errors';
import { writeJoinRecords } from './namespace-records';
import { writeProcessRecords } from './process-records';
import { writeSeccompRecords } from './seccomp-records';

export interface ExecPlanOptions {
  consoleSocket?: string;
  preserveFds?: number;
  wait?: boolean;
}

/** A new process in a running container: join its namespaces, then the process setup only. */
export function buildExecPlan(spec: Spec, initPid: number, proc: Process, options: ExecPlanOptions): Buffer {
  if (proc.terminal && !options.consoleSocket)
    throw new InvalidConfigError('process.terminal: a terminal needs --console-socket');
  const plan = new PlanWriter();
  writeJoinRecords(plan, spec, initPid);
  writeProcessRecords(plan, proc, 'process', true);
  writeSeccompRecords(plan, spec.linux?.seccomp);
  if (options.consoleSocket) plan.add(Tag.ConsoleSocket, options.consoleSocket);
  if (options.preserveFds) plan.add(Tag.PreserveFds, options.preserveFds);
  plan.flag(Tag.Wait, options.wait);
  return plan.toBuffer();
}
