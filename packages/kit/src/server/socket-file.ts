import { chmod, lstat, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { assertUnixSocketPath } from '@berth/api';
import { AlreadyExistsError, FailedPreconditionError } from '../errors/classes';
import type { Logger } from '../logger';
import { probeUnixSocket } from '../socket-probe';

/**
 * Mode of directories created for sockets. 0755, like /run/containerd: reaching a socket needs
 * search permission on its directory, and who may connect is decided by the socket's own mode.
 */
export const SOCKET_DIR_MODE = 0o755;
/** Mode of the socket: owner and group (e.g. a `berth` group of operators) may connect. */
export const SOCKET_MODE = 0o660;

/**
 * Makes `socketPath` ready to bind: checks its length, creates the parent directory, and if a
 * socket file is already there, refuses to start when a daemon answers on it, or removes it
 * when it is stale (its daemon died, e.g. kill -9, and would make bind fail with EADDRINUSE).
 */
export async function prepareSocketPath(socketPath: string, component: string, log: Logger): Promise<void> {
  assertUnixSocketPath(socketPath);
  await mkdir(dirname(socketPath), { recursive: true, mode: SOCKET_DIR_MODE });
  let isSocket: boolean;
  try {
    isSocket = (await lstat(socketPath)).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!isSocket) {
    throw new FailedPreconditionError(`${socketPath} exists and is not a socket; refusing to replace it`, {
      reason: 'SOCKET_PATH_OCCUPIED',
      details: { socket: socketPath },
    });
  }
  const state = await probeUnixSocket(socketPath);
  if (state === 'live') {
    throw new AlreadyExistsError(`${component} is already running at ${socketPath}`, {
      reason: 'DAEMON_RUNNING',
      details: { socket: socketPath },
    });
  }
  if (state === 'refused') {
    await unlink(socketPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    log.info({ socket: socketPath }, 'removed stale socket of a previous run');
  }
}

/** Applies SOCKET_MODE and returns the socket's inode, to recognise it when cleaning up. */
export async function secureSocket(socketPath: string): Promise<number> {
  await chmod(socketPath, SOCKET_MODE);
  return (await lstat(socketPath)).ino;
}

/** Removes the socket file if it is still the one this server bound (not a successor's). */
export async function removeSocketIfOurs(socketPath: string, inode: number): Promise<void> {
  try {
    if ((await lstat(socketPath)).ino === inode) await unlink(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
