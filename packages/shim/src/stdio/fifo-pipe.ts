import { closeSync, constants, openSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { mkfifo } from '@berth/sys';

let counter = 0;

/** Which way data flows: into the container (stdin) or out of it (stdout, stderr). */
export type PipeDirection = 'in' | 'out';

/** A pipe between the shim and a container process: raw fds, each close-on-exec. */
export interface StdioPipe {
  direction: PipeDirection;
  /** The end the container gets: blocking, as programs expect of their stdio. */
  containerFd: number;
  /** The shim's end: non-blocking, read or written in the event loop. */
  shimFd: number;
}

/**
 * Creates pipes for a process's stdio. Node has no pipe(2) (child_process uses socketpairs, and
 * a socket as stdout breaks programs that open /dev/stdout), so each pipe is a fifo made in
 * `dir` (mkfifo(3), in process), opened at both ends and unlinked at once.
 * The opens never block: a temporary O_RDWR descriptor stands in for the missing peer.
 */
export async function createStdioPipes(dir: string, directions: PipeDirection[]): Promise<StdioPipe[]> {
  if (directions.length === 0) return [];
  const paths = directions.map(() => path.join(dir, `.pipe-${process.pid}-${++counter}`));
  const made: string[] = [];
  const pipes: StdioPipe[] = [];
  try {
    for (const file of paths) {
      mkfifo(file, 0o600);
      made.push(file);
    }
    directions.forEach((direction, i) => pipes.push(openFifoPipe(paths[i], direction)));
  } catch (error) {
    for (const pipe of pipes) closeStdioPipe(pipe);
    throw error;
  } finally {
    for (const file of made) unlinkSync(file);
  }
  return pipes;
}

function openFifoPipe(file: string, direction: PipeDirection): StdioPipe {
  const placeholder = openSync(file, constants.O_RDWR);
  const [containerFlags, shimFlags] =
    direction === 'out'
      ? [constants.O_WRONLY, constants.O_RDONLY | constants.O_NONBLOCK]
      : [constants.O_RDONLY, constants.O_WRONLY | constants.O_NONBLOCK];
  try {
    const containerFd = openSync(file, containerFlags);
    try {
      return { direction, containerFd, shimFd: openSync(file, shimFlags) };
    } catch (error) {
      closeQuietly(containerFd);
      throw error;
    }
  } finally {
    closeSync(placeholder);
  }
}

function closeStdioPipe(pipe: StdioPipe): void {
  closeQuietly(pipe.containerFd);
  closeQuietly(pipe.shimFd);
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the error that brought us here matters more
  }
}
