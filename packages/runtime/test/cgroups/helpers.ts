// Shared pieces of the cgroup integration tests: unique names, real child processes, and cleanup
// that works even when a test failed halfway.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { removeCgroupDir } from '../../src/cgroups/remove';

export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** A real process that waits until killed. */
export function spawnSleeper(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['1000'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('could not start sleep');
  return child as ChildProcess & { pid: number };
}

/**
 * A shell that waits for a line on stdin and then execs `sleep`. v1 memory charges stay with the
 * cgroup that faulted the pages in, so a process must allocate after joining to be charged there:
 * the exec after go() does exactly that.
 */
export function spawnWaiting(): ChildProcess & { pid: number; go(): void } {
  // The loop burns a little CPU after joining, so CPU accounting has something to show.
  const script = 'read go; i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; exec sleep 1000';
  const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'ignore', 'ignore'] });
  if (child.pid === undefined) throw new Error('could not start sh');
  return Object.assign(child as ChildProcess & { pid: number }, { go: () => child.stdin!.write('go\n') });
}

/** Polls (without a clock deadline of its own: jest's test timeout bounds it) until check() holds. */
export async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

export async function killAndReap(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** The "State:" line of /proc/<pid>/status, e.g. "D (disk sleep)". */
export function processState(pid: number): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^State:\s+(.*)$/m.exec(status)?.[1] ?? '';
}

/**
 * Removes cgroup directories and their sub-cgroups, for afterAll: retries while they drain (EBUSY),
 * carries on past a failure so one busy directory does not leave the others, then reports it.
 */
export function removeCgroupDirs(dirs: Iterable<string>): void {
  const failures: string[] = [];
  for (const dir of [...new Set(dirs)].sort((a, b) => b.length - a.length)) {
    try {
      removeCgroupDir(dir);
    } catch (err) {
      failures.push((err as Error).message);
    }
  }
  if (failures.length > 0) throw new Error(`could not remove test cgroups: ${failures.join('; ')}`);
}
