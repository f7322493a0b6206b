import { EventEmitter } from 'node:events';
import { isClaimed } from './child-claims';
import { listChildren } from './children';
import { SysError } from './errors';
import { toExitStatus, type ExitStatus } from './exit-status';
import { callNative, type NativeSignalWatcher } from './native';
import { signalNumber } from './signals';

export interface ReapOptions {
  /** Extra pids to leave alone (child_process children and pidfd watchers' pids always are). */
  skip?: (pid: number) => boolean;
}

/** Reaps pid if it has exited; null when it still runs or is no longer our child. */
function reapIfExited(pid: number): ExitStatus | null {
  try {
    const info = callNative((addon) => addon.reapChild(pid));
    return info === null ? null : toExitStatus(info);
  } catch (error) {
    if (error instanceof SysError && error.errno === 'ECHILD') return null;
    throw error;
  }
}

/**
 * Reaps every exited child whose status nobody else owns, handing each status to `onReaped`
 * as soon as it is taken (so none is lost if a later step fails). It first peeks (waitid P_ALL
 * + WNOWAIT, which reaps nothing); when the exited child it sees belongs to someone else,
 * waitid would keep reporting that one, so the remaining children are tried one by one.
 */
function reapEach(options: ReapOptions, onReaped: (status: ExitStatus) => void): void {
  const skip = (pid: number): boolean => isClaimed(pid) || options.skip?.(pid) === true;
  for (;;) {
    const pid = callNative((addon) => addon.peekExitedChild());
    if (pid === 0) return;
    if (skip(pid)) break;
    const status = reapIfExited(pid);
    if (status) onReaped(status);
  }
  for (const pid of listChildren()) {
    if (skip(pid)) continue;
    const status = reapIfExited(pid);
    if (status) onReaped(status);
  }
}

/** Reaps every exited child that neither child_process, a PidfdWatcher nor `skip` owns. */
export function reapOrphans(options: ReapOptions = {}): ExitStatus[] {
  const reaped: ExitStatus[] = [];
  reapEach(options, (status) => reaped.push(status));
  return reaped;
}

interface OrphanReaperEvents {
  exit: [ExitStatus];
  error: [Error];
}

/**
 * Keeps a subreaper free of zombies: on every SIGCHLD (and once at start) it reaps exited
 * children that neither child_process nor a PidfdWatcher owns, emitting 'exit' for each.
 * SIGCHLD is watched by the addon's own libuv signal handle, beside libuv's handling for
 * child_process, and does not keep the process alive.
 */
export class OrphanReaper extends EventEmitter<OrphanReaperEvents> {
  private readonly options: ReapOptions;
  private watcher: NativeSignalWatcher | undefined;

  constructor(options: ReapOptions = {}) {
    super();
    this.options = options;
  }

  start(): this {
    if (this.watcher) return this;
    const sigchld = signalNumber('SIGCHLD');
    const watcher = callNative((addon) => new addon.SignalWatcher(sigchld, () => this.sweep()));
    watcher.start();
    this.watcher = watcher;
    // Orphans that exited before we listened sent their SIGCHLD already.
    process.nextTick(() => {
      if (this.watcher === watcher) this.sweep();
    });
    return this;
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Reaps what has exited now; emits 'exit' for each and returns the statuses. */
  sweep(): ExitStatus[] {
    const reaped: ExitStatus[] = [];
    try {
      reapEach(this.options, (status) => reaped.push(status));
    } catch (error) {
      this.emit('error', error as Error);
    }
    for (const status of reaped) this.emit('exit', status);
    return reaped;
  }
}
