// Where the time of one operation goes (create, start, exit handling), logged at debug level as
// `{ op, container, ms: { phase: milliseconds, ... } }`: berthd --log-level debug shows the
// run path's profile without a profiler (see tools/bench/engine).
import type { Logger } from '@berth/kit';

export class PhaseTimer {
  private last = performance.now();
  private readonly started = this.last;
  private readonly ms: Record<string, number> = {};

  constructor(
    private readonly log: Logger,
    private readonly op: string,
  ) {}

  /** Ends the current phase, naming it. */
  mark(phase: string): void {
    const now = performance.now();
    this.ms[phase] = Math.round((this.ms[phase] ?? 0) + now - this.last);
    this.last = now;
  }

  /**
   * Runs one of several steps that go at once, recording its own duration under `phase`; the
   * next mark() then records the wall time of them all.
   */
  async track<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.ms[phase] = Math.round((this.ms[phase] ?? 0) + performance.now() - started);
    }
  }

  done(): void {
    this.log.debug(
      { op: this.op, ms: { ...this.ms, total: Math.round(performance.now() - this.started) } },
      'timing',
    );
  }
}
