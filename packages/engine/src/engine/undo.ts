// Steps to undo when a multi-step operation fails half-way, run newest first. Undo failures
// are logged, not thrown: the original error is what the caller must see.
import type { Logger } from '@berth/kit';

export class Undo {
  private readonly steps: (() => Promise<unknown>)[] = [];

  constructor(private readonly log: Logger) {}

  push(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      try {
        await step();
      } catch (err) {
        this.log.warn({ err }, 'undoing a failed operation left something behind');
      }
    }
  }
}
