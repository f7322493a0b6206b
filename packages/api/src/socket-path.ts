import { Buffer } from 'node:buffer';

/**
 * Longest unix socket path the kernel accepts: sun_path is 108 bytes including the NUL.
 * grpc-js does not check it: it reports a successful bind on a longer path but the kernel
 * creates a truncated file name, so clients then find nothing at the path they were given.
 */
export const MAX_UNIX_SOCKET_PATH_BYTES = 107;

/** A unix socket path that cannot be bound or connected to. Its `code` maps to INVALID_ARGUMENT. */
export class SocketPathError extends Error {
  readonly code = 'InvalidArgument' as const;
  readonly reason = 'SOCKET_PATH_INVALID';

  constructor(
    message: string,
    readonly socketPath: string,
  ) {
    super(message);
    this.name = 'SocketPathError';
  }
}

/** Throws SocketPathError when `socketPath` is empty, contains NUL or exceeds the kernel limit. */
export function assertUnixSocketPath(socketPath: string): void {
  if (socketPath.length === 0) throw new SocketPathError('unix socket path is empty', socketPath);
  if (socketPath.includes('\0'))
    throw new SocketPathError('unix socket path contains a NUL byte', socketPath);
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_UNIX_SOCKET_PATH_BYTES) {
    throw new SocketPathError(
      `unix socket path ${socketPath} is ${bytes} bytes long; the limit is ${MAX_UNIX_SOCKET_PATH_BYTES}`,
      socketPath,
    );
  }
}

/** The grpc-js target/bind address for a unix socket path (absolute or relative). */
export function unixTarget(socketPath: string): string {
  assertUnixSocketPath(socketPath);
  return `unix:${socketPath}`;
}
