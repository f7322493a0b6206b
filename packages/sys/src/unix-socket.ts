import { SysError } from './errors';
import { callNative } from './native';
import { READABLE, whenReady, type WaitOptions } from './readiness';
import { assertFd, assertInteger } from './validate';

// sun_path holds 108 bytes including the terminating NUL; longer paths would be cut silently.
const MAX_SOCKET_PATH_BYTES = 107;

function assertSocketPath(path: unknown): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new SysError('InvalidArgument', 'socket path must be a non-empty string');
  }
  if (path.includes('\0'))
    throw new SysError('InvalidArgument', `socket path ${JSON.stringify(path)} contains NUL`);
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new SysError(
      'InvalidArgument',
      `socket path ${path} is ${bytes} bytes, unix sockets allow at most ${MAX_SOCKET_PATH_BYTES}`,
      { errno: 'ENAMETOOLONG' },
    );
  }
}

/** A connected pair of unix stream sockets (SOCK_CLOEXEC, blocking; this package never blocks on them). */
export function socketpair(): [number, number] {
  return callNative((addon) => addon.socketpair());
}

/** Connects a unix stream socket to path and returns its fd (close-on-exec). */
export function unixConnect(path: string): number {
  assertSocketPath(path);
  return callNative((addon) => addon.unixConnect(path));
}

/**
 * Binds and listens on path; returns the non-blocking listening fd. Removing a stale socket
 * file and setting its mode is the caller's policy.
 */
export function unixListen(path: string, backlog = 128): number {
  assertSocketPath(path);
  assertInteger(backlog, 'backlog', 1, 0x7fffffff);
  return callNative((addon) => addon.unixListen(path, backlog));
}

/** Waits in the event loop for the next connection; resolves with its fd (close-on-exec). */
export function unixAccept(listenFd: number, options: WaitOptions = {}): Promise<number> {
  assertFd(listenFd, 'listenFd');
  return whenReady(listenFd, READABLE, () => callNative((addon) => addon.tryAccept(listenFd)), options);
}
