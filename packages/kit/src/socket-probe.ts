import { createConnection } from 'node:net';

/** What is at a unix socket path: a listener ('live'), nothing ('missing'), or a dead socket. */
export type SocketState = 'live' | 'missing' | 'refused';

/**
 * Connects to `socketPath` once and hangs up. ENOENT means nothing is there; ECONNREFUSED means
 * a socket file nobody listens on (a daemon that died without removing it). Other errors
 * (EACCES, ENOTDIR, ...) are thrown: they are not about whether a daemon runs.
 */
export function probeUnixSocket(socketPath: string): Promise<SocketState> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path: socketPath });
    socket.once('connect', () => {
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (err.code === 'ENOENT') resolve('missing');
      else if (err.code === 'ECONNREFUSED') resolve('refused');
      else reject(err);
    });
  });
}
