// The engine's side of a process's stdio: fifos the shim opens for the process, and the
// engine opens (read-write, non-blocking: the open never waits for the other end) to stream
// them over gRPC for attach and exec.
import { execFile } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FifoPaths {
  stdin: string;
  stdout: string;
  stderr: string;
}

/** Creates the fifos (stdin only when wanted, stderr only without a terminal) under `dir`. */
export async function createFifos(
  dir: string,
  prefix: string,
  options: { stdin: boolean; tty: boolean },
): Promise<FifoPaths> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: FifoPaths = {
    stdin: options.stdin ? join(dir, `${prefix}-stdin`) : '',
    stdout: join(dir, `${prefix}-stdout`),
    stderr: options.tty ? '' : join(dir, `${prefix}-stderr`),
  };
  const wanted = [paths.stdin, paths.stdout, paths.stderr].filter(Boolean);
  for (const path of wanted) await rm(path, { force: true });
  await run('mkfifo', ['-m', '600', ...wanted]);
  return paths;
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
