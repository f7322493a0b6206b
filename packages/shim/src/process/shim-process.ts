import { InvalidTransitionError } from '../errors';
import type { ProcessExit } from './exit';

/** A process's life cycle: created → running ⇄ paused → stopped (exec'd processes never pause). */
export type ProcessStatus = 'created' | 'running' | 'paused' | 'stopped';

/** Called once the exit is final and may be published (after the start event, see below). */
export type ExitListener = (process: ShimProcess, exit: ProcessExit) => void;

/**
 * One process the shim owns: a container's init (execId '') or an exec'd process. It holds the
 * state machine and the exit status, and orders events: an exit seen while Start is still
 * publishing its start event is held back until markStarted, so subscribers always see
 * start before exit (containerd's rule) even for processes that end at once.
 */
export class ShimProcess {
  pid = 0;
  private current: ProcessStatus;
  private exitRecord: ProcessExit | undefined;
  private heldExit: ProcessExit | undefined;
  private starting = false;
  private readonly waiters: Array<(exit: ProcessExit) => void> = [];

  constructor(
    readonly id: string,
    readonly execId: string,
    private readonly onExit: ExitListener,
    restored?: { status: ProcessStatus; pid: number; exit?: ProcessExit },
  ) {
    this.current = restored?.status ?? 'created';
    this.pid = restored?.pid ?? 0;
    this.exitRecord = restored?.exit;
  }

  get status(): ProcessStatus {
    return this.current;
  }

  get exit(): ProcessExit | undefined {
    return this.exitRecord;
  }

  /** "task x" or "exec y of task x", for error messages. */
  get description(): string {
    return this.execId ? `exec ${this.execId} of task ${this.id}` : `task ${this.id}`;
  }

  /** Throws FailedPrecondition unless the process is in one of `allowed`. */
  require(operation: string, ...allowed: ProcessStatus[]): void {
    if (!allowed.includes(this.current))
      throw new InvalidTransitionError(this.description, operation, this.current);
  }

  /** Start is under way: exits seen from now on wait for markStarted. */
  beginStart(): void {
    this.require('start', 'created');
    this.starting = true;
  }

  /** Start failed: the process never ran. */
  abortStart(): void {
    this.starting = false;
    if (this.heldExit) this.finish(this.heldExit);
  }

  /** The start event is out; a held exit can follow now. */
  markStarted(): void {
    this.starting = false;
    if (this.current === 'created') this.current = 'running';
    const held = this.heldExit;
    this.heldExit = undefined;
    if (held) this.finish(held);
  }

  setPaused(paused: boolean): void {
    if (this.current === 'stopped') return;
    this.current = paused ? 'paused' : 'running';
  }

  /** The reaper saw the process end. */
  exited(exit: ProcessExit): void {
    if (this.exitRecord) return;
    if (this.starting) {
      this.heldExit ??= exit;
      return;
    }
    this.finish(exit);
  }

  /** Resolves with the exit, at once if the process has already ended. */
  wait(): Promise<ProcessExit> {
    if (this.exitRecord) return Promise.resolve(this.exitRecord);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private finish(exit: ProcessExit): void {
    this.current = 'stopped';
    this.exitRecord = exit;
    this.onExit(this, exit);
    for (const resolve of this.waiters.splice(0)) resolve(exit);
  }
}
