import { readFileSync } from 'node:fs';
import { SysError } from './errors';
import { callNative } from './native';
import { signalNumber } from './signals';
import { assertFd, assertPid } from './validate';

/** Opens a pidfd for pid (pidfd_open, flags 0). The fd is close-on-exec; close it with closeFd. */
export function pidfdOpen(pid: number): number {
  assertPid(pid);
  return callNative((addon) => addon.pidfdOpen(pid));
}

/** Sends a signal through a pidfd, immune to pid reuse. Signal 0 only checks the process exists. */
export function pidfdSendSignal(pidfd: number, signal: number | NodeJS.Signals): void {
  assertFd(pidfd, 'pidfd');
  const number = signalNumber(signal);
  callNative((addon) => addon.pidfdSendSignal(pidfd, number));
}

/**
 * The pid a pidfd refers to, from /proc/self/fdinfo; null once the process has been reaped
 * (the kernel then reports -1).
 */
export function pidfdPid(pidfd: number): number | null {
  assertFd(pidfd, 'pidfd');
  let fdinfo: string;
  try {
    fdinfo = readFileSync(`/proc/self/fdinfo/${pidfd}`, 'utf8');
  } catch (cause) {
    throw new SysError('InvalidArgument', `fd ${pidfd} is not open`, {
      errno: 'EBADF',
      syscall: 'open(fdinfo)',
      cause,
    });
  }
  const match = /^Pid:\s*(-?\d+)$/m.exec(fdinfo);
  if (!match) throw new SysError('InvalidArgument', `fd ${pidfd} is not a pidfd`, { errno: 'EINVAL' });
  const pid = Number(match[1]);
  return pid > 0 ? pid : null;
}
