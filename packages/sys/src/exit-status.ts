import type { NativeExitInfo } from './native';
import { signalName } from './signals';

/** How a process ended, as waitid reported it when it was reaped. */
export interface ExitStatus {
  /** 0 only when a PidfdWatcher began after another waiter had reaped the process. */
  pid: number;
  /** The exit code when the process exited, else null. */
  exitCode: number | null;
  /** The name of the signal that killed it ('SIGKILL'), else null. */
  signal: string | null;
  /** The number of that signal, else null. */
  signalNumber: number | null;
  /** Shell-style status: the exit code, or 128 + signal number. */
  status: number;
  coreDumped: boolean;
}

export function toExitStatus(info: NativeExitInfo): ExitStatus {
  const signalNumber = info.exitCode === null ? info.signal : null;
  return {
    pid: info.pid,
    exitCode: info.exitCode,
    signal: signalNumber === null ? null : signalName(signalNumber),
    signalNumber,
    status: signalNumber === null ? (info.exitCode ?? 0) : 128 + signalNumber,
    coreDumped: info.coreDumped,
  };
}
