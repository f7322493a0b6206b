import { humanSize } from '../format/units';

/** One progress message of the engine (berth.engine.v1.Progress). */
export interface ProgressUpdate {
  id: string;
  status: string;
  current: number;
  total: number;
}

const BAR_WIDTH = 50;

/** docker's bar: "[=====>          ]  1.2MB/3.4MB" (or just the size when the total is unknown). */
export function progressBar(current: number, total: number): string {
  if (total <= 0) return current > 0 ? humanSize(current) : '';
  const filled = Math.min(BAR_WIDTH, Math.floor((current / total) * BAR_WIDTH));
  const bar =
    filled >= BAR_WIDTH
      ? '='.repeat(BAR_WIDTH)
      : `${'='.repeat(filled)}>${' '.repeat(BAR_WIDTH - filled - 1)}`;
  return `[${bar}] ${humanSize(current).padStart(8)}/${humanSize(total)}`;
}

/** A whole line as docker prints it: "<id>: <status> <bar>", or the status alone without an id. */
export function progressLine(update: ProgressUpdate, withBar: boolean): string {
  const prefix = update.id ? `${update.id}: ` : '';
  const bar =
    withBar && (update.current > 0 || update.total > 0)
      ? ` ${progressBar(update.current, update.total)}`
      : '';
  return `${prefix}${update.status}${bar}`;
}
