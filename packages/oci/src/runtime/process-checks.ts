import type { Check } from '../validation/check';
import { refine } from '../validation/check';
import { envEntry } from '../validation/common-checks';
import { memberPath } from '../validation/issues';
import {
  absolutePath,
  anyString,
  boolean,
  int32,
  integer,
  matching,
  oneOf,
  uint32,
  uint64,
} from '../validation/primitives';
import { arrayOf, object, optional, required, setOf } from '../validation/structures';
import { IO_PRIORITY_CLASSES, RLIMIT_TYPES, SCHEDULER_FLAGS, SCHEDULER_POLICIES } from './constants';
import { cpuList } from './field-checks';
import type {
  Capabilities,
  Capability,
  ConsoleSize,
  CpuAffinity,
  IoPriority,
  Process,
  Rlimit,
  Scheduler,
  User,
} from './spec-types';

const capabilityName = matching(
  /^CAP_[A-Z0-9_]+$/,
  'a capability name like "CAP_CHOWN"',
) as Check<Capability>;
const capabilitySet = setOf(capabilityName, 'capability');

const capabilities = object<Capabilities>({
  bounding: optional(capabilitySet),
  effective: optional(capabilitySet),
  inheritable: optional(capabilitySet),
  permitted: optional(capabilitySet),
  ambient: optional(capabilitySet),
});

const rlimit = refine(
  object<Rlimit>({
    type: required(oneOf(RLIMIT_TYPES, 'rlimit')),
    hard: required(uint64),
    soft: required(uint64),
  }),
  (limit, path, issues) => {
    // setrlimit(2) refuses a soft limit above the hard one; say so before the kernel does.
    if (limit.soft > limit.hard)
      issues.add(memberPath(path, 'soft'), `must not exceed hard limit ${limit.hard}`);
  },
);

const user = object<User>({
  uid: required(uint32),
  gid: required(uint32),
  umask: optional(integer({ min: 0, max: 0o777 })),
  additionalGids: optional(arrayOf(uint32)),
});

const scheduler = object<Scheduler>({
  policy: required(oneOf(SCHEDULER_POLICIES, 'scheduler policy')),
  nice: optional(integer({ min: -20, max: 19 })),
  priority: optional(int32),
  flags: optional(setOf(oneOf(SCHEDULER_FLAGS, 'scheduler flag'), 'scheduler flag')),
  runtime: optional(uint64),
  deadline: optional(uint64),
  period: optional(uint64),
});

const ioPriority = object<IoPriority>({
  class: required(oneOf(IO_PRIORITY_CLASSES, 'I/O priority class')),
  priority: required(integer({ min: 0, max: 7 })),
});

const consoleSize = object<ConsoleSize>({
  height: required(integer({ min: 0, max: 0xffff })),
  width: required(integer({ min: 0, max: 0xffff })),
});

const cpuAffinity = object<CpuAffinity>({
  initial: optional(cpuList),
  final: optional(cpuList),
});

export const processCheck: Check<Process> = object<Process>({
  terminal: optional(boolean),
  consoleSize: optional(consoleSize),
  user: required(user),
  // The spec requires at least one argument on Linux.
  args: required(arrayOf(anyString, { minItems: 1 })),
  env: optional(arrayOf(envEntry)),
  cwd: required(absolutePath),
  capabilities: optional(capabilities),
  rlimits: optional(arrayOf(rlimit, { uniqueBy: { member: 'type', key: (r) => r.type, label: 'rlimit' } })),
  noNewPrivileges: optional(boolean),
  apparmorProfile: optional(anyString),
  oomScoreAdj: optional(integer({ min: -1000, max: 1000 })),
  scheduler: optional(scheduler),
  selinuxLabel: optional(anyString),
  ioPriority: optional(ioPriority),
  execCPUAffinity: optional(cpuAffinity),
});
