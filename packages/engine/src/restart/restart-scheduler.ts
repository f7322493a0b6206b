// Pending restarts, one per container, on an injectable clock so tests need no real waiting.
import { Backoff } from './restart-decision';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RestartScheduler {
  private readonly pending = new Map<string, unknown>();
  private readonly backoffs = new Map<string, Backoff>();

  constructor(private readonly clock: Clock = systemClock) {}

  /**
   * Runs `restart` for `id` after the back-off for a run of `ranForMs`; replaces any pending
   * restart of `id`. Returns the delay chosen.
   */
  schedule(id: string, ranForMs: number, restart: () => void): number {
    this.cancel(id);
    let backoff = this.backoffs.get(id);
    if (!backoff) this.backoffs.set(id, (backoff = new Backoff()));
    const delay = backoff.next(ranForMs);
    this.pending.set(
      id,
      this.clock.setTimeout(() => {
        this.pending.delete(id);
        restart();
      }, delay),
    );
    return delay;
  }

  /** Drops a pending restart (stop, remove); the back-off history stays. */
  cancel(id: string): boolean {
    const handle = this.pending.get(id);
    if (handle === undefined) return false;
    this.clock.clearTimeout(handle);
    this.pending.delete(id);
    return true;
  }

  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** Forgets a container entirely (removed, or started by the user: docker resets then). */
  forget(id: string): void {
    this.cancel(id);
    this.backoffs.delete(id);
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }
}
