import {
  closeFd,
  OrphanReaper,
  PidfdWatcher,
  pidfdOpen,
  setChildSubreaper,
  SysError,
  type ExitStatus,
} from '@berth/sys';
import type Logger from 'bunyan';
import { UNKNOWN_EXIT_STATUS, type ProcessExit } from './exit';

// Exits of processes that ended before anyone asked to watch them (an exec'd `true` can exit
// before the runtime hands back its pid). Bounded: only the newest few matter.
const MAX_EARLY_EXITS = 256;

export interface ExitWatch {
  /** Stops watching without reporting. */
  close(): void;
}

/**
 * The shim's reaper: makes the shim the child subreaper, so container processes whose parent
 * (the runtime's helper) exits are re-parented to it, and reaps all of them. A process someone
 * cares about gets a pidfd watcher that reaps it and reports its status; everything else is
 * reaped by one orphan sweep per SIGCHLD, so no zombie is left. One SIGCHLD watcher and one
 * pidfd per live process: nothing polls.
 */
export class ExitMonitor {
  private readonly orphans = new OrphanReaper();
  private readonly early = new Map<number, ProcessExit>();

  constructor(private readonly log: Logger) {}

  start(): void {
    setChildSubreaper(true);
    this.orphans.on('exit', (status: ExitStatus) => this.remember(status));
    this.orphans.on('error', (err: Error) => this.log.error({ err }, 'reaping orphans failed'));
    this.orphans.start();
  }

  stop(): void {
    this.orphans.stop();
  }

  /**
   * Calls onExit once when `pid` (a child of the shim, or soon one) exits. If it already exited
   * and was swept up as an orphan, its remembered status is reported; if it is gone without a
   * trace, the status is unknown (255). `adopted`: the process is not the shim's child (a shim
   * restarted after a crash watches what its predecessor started), so it is not reaped here.
   */
  watch(pid: number, onExit: (exit: ProcessExit) => void, options: { adopted?: boolean } = {}): ExitWatch {
    let pidfd: number;
    try {
      pidfd = pidfdOpen(pid);
    } catch (error) {
      if (!(error instanceof SysError) || error.errno !== 'ESRCH') throw error;
      const exit = this.early.get(pid) ?? { status: UNKNOWN_EXIT_STATUS, exitedAt: new Date().toISOString() };
      this.early.delete(pid);
      let closed = false;
      queueMicrotask(() => closed || onExit(exit));
      return { close: () => (closed = true) };
    }
    const watcher = new PidfdWatcher(pidfd, { reap: !options.adopted });
    const done = (exit: ProcessExit): void => {
      watcher.close();
      closeFd(pidfd);
      onExit(exit);
    };
    watcher.once('exit', (status: ExitStatus) =>
      done({ status: status.status, exitedAt: new Date().toISOString() }),
    );
    watcher.once('error', (err: Error) => {
      // Not our child (the shim restarted): the pidfd said it ended, the status is lost.
      this.log.warn({ err, pid }, 'could not read exit status');
      done({ status: UNKNOWN_EXIT_STATUS, exitedAt: new Date().toISOString() });
    });
    return {
      close: () => {
        watcher.close();
        closeFd(pidfd);
      },
    };
  }

  private remember(status: ExitStatus): void {
    this.early.set(status.pid, { status: status.status, exitedAt: new Date().toISOString() });
    if (this.early.size > MAX_EARLY_EXITS) this.early.delete(this.early.keys().next().value as number);
  }
}
