import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The built library, for scripts run in child Node processes (test/global-setup.js builds it). */
export const DIST_INDEX = path.resolve(__dirname, '..', 'dist', 'index.js');

export function makeTempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'berth-sys-test-'));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** This process's open fd numbers, to prove a test leaked none. */
export function openFds(): number[] {
  return readdirSync('/proc/self/fd')
    .map(Number)
    .sort((a, b) => a - b);
}

export function isCloseOnExec(fd: number): boolean {
  const flags = /^flags:\s*(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  // O_CLOEXEC is 02000000 (octal); fdinfo prints the flags in octal.
  return flags !== null && (parseInt(flags[1], 8) & 0o2000000) !== 0;
}

export function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

export async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** Resolves once the stream has released its fd (errors such as EPIPE do not matter here). */
export function streamClosed(stream: Readable | Writable): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

export interface Orphan {
  pid: number;
  /** Lets an orphan that reads fd 3 go on; resolves once our end of that pipe is closed (call it in cleanup). */
  release(): Promise<void>;
}

/**
 * Starts `sh -c` with `command` in the background and lets that shell exit at once, so the
 * background process is orphaned and re-parented to this process (which must be a subreaper).
 * The command may read a line from fd 3 to wait until release() is called.
 * Resolves once the intermediate shell has exited.
 */
export async function startOrphan(command: string): Promise<Orphan> {
  // The orphan must not hold the stdout pipe, or reading the pid would wait for it to exit.
  const intermediate = spawn('sh', ['-c', `${command} >/dev/null & echo $!`], {
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  const [pidText, [exitCode]] = await Promise.all([
    readAll(intermediate.stdout as Readable),
    once(intermediate, 'exit'),
  ]);
  if (exitCode !== 0) throw new Error(`intermediate shell exited with ${exitCode}`);
  await streamClosed(intermediate.stdout as Readable);
  const control = intermediate.stdio[3] as Writable;
  // An orphan that never reads (or was killed) makes the write fail with EPIPE: not an error here.
  control.on('error', () => undefined);
  return {
    pid: Number(pidText.trim()),
    release: () => {
      if (!control.writableEnded) control.end('go\n');
      return streamClosed(control);
    },
  };
}

/** Kills a process if it still exists; for cleanup after a failed test. */
export function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function exitOf(child: ChildProcess): Promise<[number | null, NodeJS.Signals | null]> {
  if (child.exitCode !== null || child.signalCode !== null) return [child.exitCode, child.signalCode];
  return (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
}
