import {
  closeFd,
  OrphanReaper,
  PidfdWatcher,
  pidfdOpen,
  setChildSubreaper,
  SysError,
  type ExitStatus,
} from '@berth/sys';
import { isProcessAlive, processStartTime } from '@berth/kit';
import type Logger from 'bunyan';
import { UNKNOWN_EXIT_STATUS, type ProcessExit } from './exit';

// How often processes adopted from a dead shim are checked. They are not our children, so
// waitid cannot wait for them and the addon offers no bare pidfd readiness: one shared timer
// checks them all, and only while there are any (after a shim crash, until they are deleted).
const ADOPTED_CHECK_MS = 250;

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
  private readonly adopted = new Map<
    number,
    { startTime: string | undefined; onExit: (exit: ProcessExit) => void }
  >();
  private adoptedTimer: NodeJS.Timeout | undefined;

  constructor(private readonly log: Logger) {}

  start(): void {
    setChildSubreaper(true);
    this.orphans.on('exit', (status: ExitStatus) => this.remember(status));
    this.orphans.on('error', (err: Error) => this.log.error({ err }, 'reaping orphans failed'));
    this.orphans.start();
  }

  stop(): void {
    this.orphans.stop();
    for (const pid of [...this.adopted.keys()]) this.forgetAdopted(pid);
  }

  /**
   * Calls onExit once when `pid` (a child of the shim, or soon one) exits. If it already exited
   * and was swept up as an orphan, its remembered status is reported; if it is gone without a
   * trace, the status is unknown (255). `adopted`: the process is not the shim's child (a shim
   * restarted after a crash watches what its predecessor started, identified by pid and
   * `startTime`), so it cannot be reaped or waited for here.
   */
  watch(
    pid: number,
    onExit: (exit: ProcessExit) => void,
    options: { adopted?: boolean; startTime?: string } = {},
  ): ExitWatch {
    if (options.adopted) return this.watchAdopted(pid, options.startTime ?? processStartTime(pid), onExit);
    let pidfd: number;
    try {
      pidfd = pidfdOpen(pid);
    } catch (error) {
      if (!(error instanceof SysError) || error.errno !== 'ESRCH') throw error;
      const exit = this.early.get(pid) ?? unknownExit();
      this.early.delete(pid);
      let closed = false;
      queueMicrotask(() => closed || onExit(exit));
      return { close: () => (closed = true) };
    }
    const watcher = new PidfdWatcher(pidfd, { reap: true });
    let open = true;
    const release = (): void => {
      if (!open) return;
      open = false;
      watcher.close();
      closeFd(pidfd);
    };
    watcher.once('exit', (status: ExitStatus) => {
      release();
      onExit({ status: status.status, exitedAt: new Date().toISOString() });
    });
    watcher.once('error', (err: Error) => {
      this.log.warn({ err, pid }, 'could not read exit status');
      release();
      onExit(unknownExit());
    });
    return { close: release };
  }

  /** A process of a dead predecessor: its exit is noticed, its status is unknown (255). */
  private watchAdopted(
    pid: number,
    startTime: string | undefined,
    onExit: (exit: ProcessExit) => void,
  ): ExitWatch {
    this.adopted.set(pid, { startTime, onExit });
    this.adoptedTimer ??= setInterval(() => this.checkAdopted(), ADOPTED_CHECK_MS);
    queueMicrotask(() => this.checkAdopted());
    return { close: () => this.forgetAdopted(pid) };
  }

  private checkAdopted(): void {
    for (const [pid, { startTime, onExit }] of this.adopted) {
      if (startTime !== undefined && isProcessAlive(pid, startTime)) continue;
      this.forgetAdopted(pid);
      onExit(unknownExit());
    }
  }

  private forgetAdopted(pid: number): void {
    this.adopted.delete(pid);
    if (this.adopted.size === 0 && this.adoptedTimer) {
      clearInterval(this.adoptedTimer);
      this.adoptedTimer = undefined;
    }
  }

  private remember(status: ExitStatus): void {
    // A reused pid's newer exit goes to the back, so the bound drops the oldest exits first.
    this.early.delete(status.pid);
    this.early.set(status.pid, { status: status.status, exitedAt: new Date().toISOString() });
    if (this.early.size > MAX_EARLY_EXITS) this.early.delete(this.early.keys().next().value as number);
  }
}

function unknownExit(): ProcessExit {
  return { status: UNKNOWN_EXIT_STATUS, exitedAt: new Date().toISOString() };
}
