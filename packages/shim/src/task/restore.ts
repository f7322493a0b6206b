import { isProcessAlive } from '@berth/kit';
import { UNKNOWN_EXIT_STATUS } from '../process/exit';
import { ShimProcess, type ExitListener } from '../process/shim-process';
import type { ProcessRecord } from '../state/task-store';
import type { ProcessEntry } from './task';

/**
 * A process as a previous shim recorded it: still running if the same process (pid and start
 * time) is alive, else stopped with the recorded exit status or unknown (255). A process that
 * never got a pid (an exec added but not started) stays created.
 */
export function restoredEntry(id: string, record: ProcessRecord, onExit: ExitListener): ProcessEntry {
  const alive = record.pid > 0 && record.status !== 'stopped' && isProcessAlive(record.pid, record.startTime);
  const lost = !alive && record.pid > 0;
  const exit =
    record.exit ?? (lost ? { status: UNKNOWN_EXIT_STATUS, exitedAt: new Date().toISOString() } : undefined);
  return {
    process: new ShimProcess(id, record.execId, onExit, {
      status: exit ? 'stopped' : record.status,
      pid: record.pid,
      ...(exit ? { exit } : {}),
    }),
    terminal: record.terminal,
    stdio: record.stdio,
    ...(record.startTime ? { startTime: record.startTime } : {}),
    ...(record.spec !== undefined ? { spec: record.spec } : {}),
  };
}
