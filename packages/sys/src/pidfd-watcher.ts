import { EventEmitter } from 'node:events';
import { claimPid } from './child-claims';
import type { SysError } from './errors';
import { toExitStatus, type ExitStatus } from './exit-status';
import { callNative } from './native';
import { pidfdPid } from './pidfd';
import { cancelledError, READABLE, ReadinessWatch, type WaitOptions } from './readiness';
import { assertBoolean, assertFd } from './validate';

export interface PidfdWatchOptions {
  /**
   * Reap the process (default true). Pass false for child_process children: libuv must reap
   * those itself, so the status is read with WNOWAIT and the zombie is left to it. Should libuv
   * reap first, Linux 6.15+ still has the status on the pidfd (PIDFD_GET_INFO); older kernels
   * report ECHILD.
   */
  reap?: boolean;
}

interface PidfdWatcherEvents {
  exit: [ExitStatus];
  error: [SysError];
}

/**
 * Watches a pidfd in the event loop (it turns readable when the process exits) and then
 * reads the exit status with waitid(P_PIDFD). Emits 'exit' once, or 'error' (e.g. ECHILD when
 * the process is not our child or someone else reaped it first). While a reaping watcher is
 * pending, reapOrphans leaves its pid alone. The pidfd stays open: closing it is the caller's job,
 * after close() or the 'exit' event.
 */
export class PidfdWatcher extends EventEmitter<PidfdWatcherEvents> {
  private readonly watch: ReadinessWatch<ExitStatus>;
  private readonly release: () => void;

  constructor(pidfd: number, options: PidfdWatchOptions = {}) {
    super();
    assertFd(pidfd, 'pidfd');
    const reap = options.reap ?? true;
    assertBoolean(reap, 'reap');
    const pid = pidfdPid(pidfd);
    this.release = reap && pid !== null ? claimPid(pid) : () => undefined;
    const attempt = (): ExitStatus | null => {
      const info = callNative((addon) => addon.waitPidfd(pidfd, reap));
      if (info === null) return null;
      // A status read back from the pidfd after another waiter reaped the process carries no pid.
      return toExitStatus(info.pid === 0 && pid !== null ? { ...info, pid } : info);
    };
    this.watch = new ReadinessWatch(pidfd, READABLE, attempt, (error, status) => {
      this.release();
      if (error) this.emit('error', error as SysError);
      else this.emit('exit', status as ExitStatus);
    });
  }

  /** Keeps the event loop alive until the process exits (the default). */
  ref(): this {
    this.watch.ref();
    return this;
  }

  /** Lets the event loop end while the process still runs. */
  unref(): this {
    this.watch.unref();
    return this;
  }

  /** Stops watching; no event follows. */
  close(): void {
    this.watch.close();
    this.release();
  }
}

export interface PidfdExitOptions extends PidfdWatchOptions, WaitOptions {
  /** false lets the event loop end while the process still runs (the promise then never settles). */
  ref?: boolean;
}

/** Resolves with the exit status of the process behind pidfd once it exits. */
export function onPidfdExit(pidfd: number, options: PidfdExitOptions = {}): Promise<ExitStatus> {
  const { signal } = options;
  return new Promise<ExitStatus>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal));
      return;
    }
    const watcher = new PidfdWatcher(pidfd, options);
    if (options.ref === false) watcher.unref();
    const onAbort = (): void => {
      watcher.close();
      reject(cancelledError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    watcher.once('exit', (status) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(status);
    });
    watcher.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}
