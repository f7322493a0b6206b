import type { Check } from '../validation/check';
import { refine } from '../validation/check';
import type { IssueList } from '../validation/issues';
import { memberPath } from '../validation/issues';
import {
  absolutePath,
  anyString,
  integer,
  nonEmptyString,
  oneOf,
  quote,
  uint32,
  uint64,
} from '../validation/primitives';
import { arrayOf, object, optional, required, setOf } from '../validation/structures';
import {
  SECCOMP_ACTIONS,
  SECCOMP_ARCHITECTURES,
  SECCOMP_ERRNO_ACTIONS,
  SECCOMP_FLAGS,
  SECCOMP_OPERATORS,
} from './constants';
import type { LinuxSeccomp, LinuxSeccompArg, LinuxSyscall, SeccompAction } from './linux-types';

const action = oneOf(SECCOMP_ACTIONS, 'seccomp action');
const errnoActions: ReadonlySet<SeccompAction> = new Set(SECCOMP_ERRNO_ACTIONS);

/** The spec makes the runtime fail when an errno is given for an action that cannot return one. */
function checkErrnoUse(act: SeccompAction, errno: number | undefined, at: string, issues: IssueList): void {
  if (errno !== undefined && !errnoActions.has(act)) {
    issues.add(at, `only allowed with ${SECCOMP_ERRNO_ACTIONS.join(' or ')}, not ${quote(act)}`);
  }
}

const argument = object<LinuxSeccompArg>({
  // Linux syscalls take at most six arguments.
  index: required(integer({ min: 0, max: 5 })),
  value: required(uint64),
  valueTwo: optional(uint64),
  op: required(oneOf(SECCOMP_OPERATORS, 'seccomp operator')),
});

const syscall = refine(
  object<LinuxSyscall>({
    names: required(arrayOf(nonEmptyString, { minItems: 1 })),
    action: required(action),
    errnoRet: optional(uint32),
    args: optional(arrayOf(argument)),
  }),
  (entry, path, issues) => {
    checkErrnoUse(entry.action, entry.errnoRet, memberPath(path, 'errnoRet'), issues);
  },
);

export const seccompCheck: Check<LinuxSeccomp> = refine(
  object<LinuxSeccomp>({
    defaultAction: required(action),
    defaultErrnoRet: optional(uint32),
    architectures: optional(setOf(oneOf(SECCOMP_ARCHITECTURES, 'seccomp architecture'), 'architecture')),
    flags: optional(setOf(oneOf(SECCOMP_FLAGS, 'seccomp flag'), 'seccomp flag')),
    listenerPath: optional(absolutePath),
    listenerMetadata: optional(anyString),
    syscalls: optional(arrayOf(syscall)),
  }),
  (seccomp, path, issues) => {
    checkErrnoUse(
      seccomp.defaultAction,
      seccomp.defaultErrnoRet,
      memberPath(path, 'defaultErrnoRet'),
      issues,
    );
    if (seccomp.listenerMetadata !== undefined && seccomp.listenerPath === undefined) {
      issues.add(memberPath(path, 'listenerMetadata'), 'must not be set without listenerPath');
    }
    // The kernel cannot notify a listener for every syscall: the filter must allow the notify calls themselves.
    if (seccomp.defaultAction === 'SCMP_ACT_NOTIFY') {
      issues.add(memberPath(path, 'defaultAction'), 'SCMP_ACT_NOTIFY cannot be the default action');
    }
    const notifies = seccomp.syscalls?.some((s) => s.action === 'SCMP_ACT_NOTIFY') ?? false;
    if (notifies && seccomp.listenerPath === undefined) {
      issues.add(memberPath(path, 'listenerPath'), 'required when a syscall rule uses SCMP_ACT_NOTIFY');
    }
  },
);
