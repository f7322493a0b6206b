import type { Spec } from '../oci';
import { Tag } from '../helper/plan-tags';
import { PlanWriter } from '../helper/plan-writer';
import type { CgroupLayout } from '../cgroups/layout';
import { InvalidConfigError } from '../errors';
import { writeHookRecords } from './hook-records';
import { CLONE_FLAGS, PERSONALITY_DOMAINS } from './kernel-constants';
import { writeMountRecords } from './mount-records';
import { hostRootUid, namespacePlan, writeNamespaceRecords } from './namespace-records';
import { writeProcessRecords } from './process-records';
import { writeSeccompRecords } from './seccomp-records';
import { refuseUnsupportedLinux } from './unsupported';

export interface CreatePlanOptions {
  bundle: string;
  rootfs: string;
  fifoPath: string;
  consoleSocket?: string;
  noPivot?: boolean;
  noNewKeyring?: boolean;
  preserveFds?: number;
  /** Keep the helper's stage 0 alive to report the init's exit status (run, in-process wait). */
  wait?: boolean;
  cgroupLayout: () => CgroupLayout;
}

/** Everything berth-init needs to create the container described by spec. */
export function buildCreatePlan(spec: Spec, options: CreatePlanOptions): Buffer {
  if (!spec.process) throw new InvalidConfigError('process: required to create a container');
  if (spec.process.terminal && !options.consoleSocket) {
    throw new InvalidConfigError('process.terminal: a terminal needs --console-socket');
  }
  refuseUnsupportedLinux(spec);
  const ns = namespacePlan(spec);
  const plan = new PlanWriter();
  writeNamespaceRecords(plan, spec, ns);
  if (ns.newFlags & CLONE_FLAGS.mount) {
    writeMountRecords(plan, spec, {
      bundle: options.bundle,
      rootfs: options.rootfs,
      cgroupLayout: options.cgroupLayout,
    });
  } else {
    // In the runtime's (or a joined) mount namespace nothing is mounted: chroot only, as runc.
    plan.add(Tag.Rootfs, options.rootfs);
    plan.flag(Tag.ChrootOnly, true);
  }
  writeProcessRecords(plan, spec.process);
  for (const [key, value] of Object.entries(spec.linux?.sysctl ?? {})) plan.add(Tag.Sysctl, key, value);
  const personality = spec.linux?.personality;
  if (personality) {
    const domain = PERSONALITY_DOMAINS[personality.domain];
    if (domain === undefined)
      throw new InvalidConfigError(`linux.personality.domain: unknown domain "${personality.domain}"`);
    plan.add(Tag.Personality, domain);
  }
  writeSeccompRecords(plan, spec.linux?.seccomp);
  writeHookRecords(plan, Tag.HookCreateContainer, spec.hooks?.createContainer);
  writeHookRecords(plan, Tag.HookStartContainer, spec.hooks?.startContainer);
  plan.add(Tag.Fifo, options.fifoPath);
  plan.add(Tag.FifoUid, hostRootUid(spec));
  if (options.consoleSocket) plan.add(Tag.ConsoleSocket, options.consoleSocket);
  plan.flag(Tag.NoPivot, options.noPivot);
  plan.flag(Tag.NewKeyring, !options.noNewKeyring);
  if (options.preserveFds) plan.add(Tag.PreserveFds, options.preserveFds);
  plan.flag(Tag.Wait, options.wait);
  return plan.toBuffer();
}
