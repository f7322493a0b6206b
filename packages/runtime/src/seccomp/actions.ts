/**
 * SCMP_ACT_* actions → seccomp filter return values (SECCOMP_RET_*, linux/seccomp.h), and the
 * order in which the kernel ranks them.
 */
import { SeccompProfileError } from './errors';

export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_KILL_THREAD = 0x00000000;
export const SECCOMP_RET_TRAP = 0x00030000;
export const SECCOMP_RET_ERRNO = 0x00050000;
export const SECCOMP_RET_USER_NOTIF = 0x7fc00000;
export const SECCOMP_RET_TRACE = 0x7ff00000;
export const SECCOMP_RET_LOG = 0x7ffc0000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ACTION_FULL = 0xffff0000;

const EPERM = 1;
/** Errno values the kernel returns unchanged (MAX_ERRNO); the 16-bit data field could hold more. */
const MAX_ERRNO = 4095;
const MAX_TRACE_DATA = 0xffff;

interface ActionInfo {
  ret: number;
  /** Which data the action carries in the low 16 bits, if any. */
  data?: 'errno' | 'trace';
}

const ACTIONS: Readonly<Record<string, ActionInfo>> = {
  // libseccomp's SCMP_ACT_KILL is SECCOMP_RET_KILL, i.e. kill the thread.
  SCMP_ACT_KILL: { ret: SECCOMP_RET_KILL_THREAD },
  SCMP_ACT_KILL_THREAD: { ret: SECCOMP_RET_KILL_THREAD },
  SCMP_ACT_KILL_PROCESS: { ret: SECCOMP_RET_KILL_PROCESS },
  SCMP_ACT_TRAP: { ret: SECCOMP_RET_TRAP },
  SCMP_ACT_ERRNO: { ret: SECCOMP_RET_ERRNO, data: 'errno' },
  SCMP_ACT_TRACE: { ret: SECCOMP_RET_TRACE, data: 'trace' },
  SCMP_ACT_LOG: { ret: SECCOMP_RET_LOG },
  SCMP_ACT_ALLOW: { ret: SECCOMP_RET_ALLOW },
  SCMP_ACT_NOTIFY: { ret: SECCOMP_RET_USER_NOTIF },
};

export const SECCOMP_ACTION_NAMES: readonly string[] = Object.keys(ACTIONS);

/**
 * The filter return value for `action` with its optional errnoRet. As runc does, ERRNO and TRACE
 * default to EPERM; the spec requires an error when errnoRet is given to an action without data.
 */
export function actionReturn(action: unknown, errnoRet: unknown, field: string, errnoField: string): number {
  const info = typeof action === 'string' ? ACTIONS[action] : undefined;
  if (info === undefined) {
    throw new SeccompProfileError(
      field,
      `unknown action ${JSON.stringify(action)} (one of ${SECCOMP_ACTION_NAMES.join(', ')})`,
    );
  }
  if (errnoRet === undefined || errnoRet === null) return info.data ? (info.ret | EPERM) >>> 0 : info.ret;
  if (!info.data) throw new SeccompProfileError(errnoField, `${action as string} does not return an errno`);
  const max = info.data === 'errno' ? MAX_ERRNO : MAX_TRACE_DATA;
  if (typeof errnoRet !== 'number' || !Number.isInteger(errnoRet) || errnoRet < 0 || errnoRet > max) {
    throw new SeccompProfileError(
      errnoField,
      `must be an integer from 0 to ${max}, got ${JSON.stringify(errnoRet)}`,
    );
  }
  return (info.ret | errnoRet) >>> 0;
}

/**
 * Lower is more restrictive, the way the kernel compares the actions of stacked filters: the
 * action bits as a signed 32-bit number, so KILL_PROCESS (0x80000000) comes first.
 */
export function actionRestrictiveness(ret: number): number {
  return (ret & SECCOMP_RET_ACTION_FULL) | 0;
}

/** Whether the action lets the syscall run (ALLOW, or LOG which allows it after logging). */
export function isAllowing(ret: number): boolean {
  const action = (ret & SECCOMP_RET_ACTION_FULL) >>> 0;
  return action === SECCOMP_RET_ALLOW || action === SECCOMP_RET_LOG;
}

export function isNotify(ret: number): boolean {
  return (ret & SECCOMP_RET_ACTION_FULL) >>> 0 === SECCOMP_RET_USER_NOTIF;
}
