// The engine's side of a process's stdio: fifos the shim opens for the process, and the
// engine opens (read-write, non-blocking: the open never waits for the other end) to stream
// them over gRPC for attach and exec.
import { constants, openSync } from 'node:fs';
import { lstat, mkdir, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { mkfifo } from '@berth/sys';

export interface FifoPaths {
  stdin: string;
  stdout: string;
  stderr: string;
}

/**
 * Creates the fifos (stdin only when wanted, stderr only without a terminal) under `dir`. With
 * `keep`, fifos that exist stay: a caller attached before the start already holds them open.
 */
export async function createFifos(
  dir: string,
  prefix: string,
  options: { stdin: boolean; tty: boolean; keep?: boolean },
): Promise<FifoPaths> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: FifoPaths = {
    stdin: options.stdin ? join(dir, `${prefix}-stdin`) : '',
    stdout: join(dir, `${prefix}-stdout`),
    stderr: options.tty ? '' : join(dir, `${prefix}-stderr`),
  };
  for (const path of [paths.stdin, paths.stdout, paths.stderr]) {
    if (!path) continue;
    if (options.keep && (await isFifo(path))) continue;
    await rm(path, { force: true });
    mkfifo(path, 0o600);
  }
  return paths;
}

async function isFifo(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFIFO();
  } catch {
    return false;
  }
}

export async function removeFifos(paths: FifoPaths): Promise<void> {
  for (const path of [paths.stdin, paths.stdout, paths.stderr]) if (path) await rm(path, { force: true });
}

/** The engine's open ends of a process's fifos. */
export class CallerStreams {
  readonly stdin?: Socket;
  readonly stdout: Socket;
  readonly stderr?: Socket;

  constructor(paths: FifoPaths) {
    const open = (path: string, readable: boolean) =>
      new Socket({
        fd: openSync(path, constants.O_RDWR | constants.O_NONBLOCK),
        readable,
        writable: !readable,
      });
    if (paths.stdin) this.stdin = open(paths.stdin, false);
    this.stdout = open(paths.stdout, true);
    if (paths.stderr) this.stderr = open(paths.stderr, true);
  }

  close(): void {
    this.stdin?.destroy();
    this.stdout.destroy();
    this.stderr?.destroy();
  }
}
