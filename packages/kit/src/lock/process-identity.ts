import { readFileSync } from 'node:fs';

/**
 * The kernel's start time of `pid` (clock ticks since boot, field 22 of /proc/<pid>/stat), or
 * undefined when there is no such process. Together with the pid it names one process for
 * good: a recycled pid has a different start time.
 */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

/** Whether the process `pid` that started at `startTime` (if known) still exists. */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: gone
  }
  if (startTime === undefined) return true;
  const current = processStartTime(pid);
  return current === undefined || current === startTime; // no /proc: trust kill(0)
}
