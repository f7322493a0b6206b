import type { MultiBar, SingleBar } from 'cli-progress';
import { progressLine, type ProgressUpdate } from './progress-line';

/** Shows a stream of per-layer progress messages (pull, push, the pull before create). */
export interface ProgressRenderer {
  update(update: ProgressUpdate): void;
  /** Leaves the final state on screen. */
  finish(): void;
}

/**
 * Without a terminal: one line each time a layer's status changes ("a3ed95caeb02: Pull complete"),
 * never one per chunk, so logs of CI jobs stay readable.
 */
export class PlainProgress implements ProgressRenderer {
  private readonly lastStatus = new Map<string, string>();

  constructor(private readonly out: NodeJS.WritableStream) {}

  update(update: ProgressUpdate): void {
    if (update.id && this.lastStatus.get(update.id) === update.status) return;
    if (update.id) this.lastStatus.set(update.id, update.status);
    this.out.write(`${progressLine(update, false)}\n`);
  }

  finish(): void {}
}

/**
 * On a terminal: one live line per layer, redrawn in place with a bar, through cli-progress's
 * MultiBar. Messages without a layer id (headers, "Digest:", "Status:") are printed as lines:
 * before any layer appears they go above, after that the bars are finalised first.
 */
export class TerminalProgress implements ProgressRenderer {
  private multibar: MultiBar | undefined;
  private readonly bars = new Map<string, SingleBar>();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly loadMultiBar: () => typeof MultiBar,
  ) {}

  update(update: ProgressUpdate): void {
    if (!update.id) {
      this.finish();
      this.out.write(`${progressLine(update, false)}\n`);
      return;
    }
    if (!this.multibar) {
      const MultiBarClass = this.loadMultiBar();
      this.multibar = new MultiBarClass({
        stream: this.out as NodeJS.WritableStream & { isTTY: true },
        format: (_options, params, payload: ProgressUpdate) =>
          progressLine({ ...payload, current: params.value, total: params.total }, true),
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        forceRedraw: true,
        linewrap: false,
        autopadding: false,
        emptyOnZero: true,
      });
    }
    const bar = this.bars.get(update.id);
    if (!bar) {
      this.bars.set(update.id, this.multibar.create(update.total, update.current, update));
      return;
    }
    bar.setTotal(update.total);
    bar.update(update.current, update);
  }

  finish(): void {
    this.multibar?.stop();
    this.multibar = undefined;
    this.bars.clear();
  }
}

/** Bars on a terminal, plain lines otherwise. */
export function createProgressRenderer(out: NodeJS.WritableStream & { isTTY?: boolean }): ProgressRenderer {
  if (!out.isTTY) return new PlainProgress(out);
  return new TerminalProgress(out, () => (require('cli-progress') as typeof import('cli-progress')).MultiBar);
}
