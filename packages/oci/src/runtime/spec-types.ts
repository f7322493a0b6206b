/** Runtime-spec config.json (config.md), versions 1.0 to 1.3, with the Linux platform fields. */
import type {
  CAPABILITIES,
  IO_PRIORITY_CLASSES,
  RLIMIT_TYPES,
  SCHEDULER_FLAGS,
  SCHEDULER_POLICIES,
} from './constants';
import type { Linux, LinuxIdMapping } from './linux-types';

export type RlimitType = (typeof RLIMIT_TYPES)[number];
export type SchedulerPolicy = (typeof SCHEDULER_POLICIES)[number];
export type SchedulerFlag = (typeof SCHEDULER_FLAGS)[number];
export type IoPriorityClass = (typeof IO_PRIORITY_CLASSES)[number];
/** Names of the form CAP_*; those in CAPABILITIES are the ones the kernels Berth knows define. */
export type Capability = (typeof CAPABILITIES)[number] | `CAP_${string}`;

export interface Spec {
  ociVersion: string;
  process?: Process;
  root?: Root;
  hostname?: string;
  domainname?: string;
  mounts?: Mount[];
  hooks?: Hooks;
  annotations?: Record<string, string>;
  linux?: Linux;
}

export interface Root {
  path: string;
  readonly?: boolean;
}

export interface Mount {
  /** Absolute after parsing: a relative destination is made absolute, as runc does. */
  destination: string;
  source?: string;
  options?: string[];
  type?: string;
  uidMappings?: LinuxIdMapping[];
  gidMappings?: LinuxIdMapping[];
}

export interface Process {
  terminal?: boolean;
  consoleSize?: ConsoleSize;
  user: User;
  args: string[];
  env?: string[];
  cwd: string;
  capabilities?: Capabilities;
  rlimits?: Rlimit[];
  noNewPrivileges?: boolean;
  apparmorProfile?: string;
  oomScoreAdj?: number;
  scheduler?: Scheduler;
  selinuxLabel?: string;
  ioPriority?: IoPriority;
  execCPUAffinity?: CpuAffinity;
}

export interface ConsoleSize {
  height: number;
  width: number;
}

export interface User {
  uid: number;
  gid: number;
  umask?: number;
  additionalGids?: number[];
}

export interface Capabilities {
  bounding?: Capability[];
  effective?: Capability[];
  inheritable?: Capability[];
  permitted?: Capability[];
  ambient?: Capability[];
}

export interface Rlimit {
  type: RlimitType;
  hard: number;
  soft: number;
}

export interface Scheduler {
  policy: SchedulerPolicy;
  nice?: number;
  priority?: number;
  flags?: SchedulerFlag[];
  /** Nanoseconds, SCHED_DEADLINE only. */
  runtime?: number;
  deadline?: number;
  period?: number;
}

export interface IoPriority {
  class: IoPriorityClass;
  priority: number;
}

/** CPU lists like `0-3,7` applied to `runtime exec` processes. */
export interface CpuAffinity {
  initial?: string;
  final?: string;
}

export interface Hook {
  path: string;
  args?: string[];
  env?: string[];
  /** Seconds; must be positive. */
  timeout?: number;
}

export interface Hooks {
  /** Deprecated by the spec in favour of createRuntime/createContainer/startContainer. */
  prestart?: Hook[];
  createRuntime?: Hook[];
  createContainer?: Hook[];
  startContainer?: Hook[];
  poststart?: Hook[];
  poststop?: Hook[];
}
