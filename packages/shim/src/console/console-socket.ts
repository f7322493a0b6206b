import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { closeFd, recvFds, unixAccept, unixListen } from '@berth/sys';
import { InternalError } from '@berth/kit';

let counter = 0;

// runc's receiver accepts pty names up to this long; the runtime sends "/dev/ptmx".
const MAX_NAME_BYTES = 4096;

/**
 * The receiving end of the runtime's --console-socket: a listening unix socket the runtime's
 * helper connects to once, sending the pty master as SCM_RIGHTS. The socket is the addon's,
 * not a net.Socket, because libuv would read the message and drop the fd.
 */
export class ConsoleSocket {
  private readonly abort = new AbortController();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly listenFd: number,
  ) {}

  static listen(dir: string): ConsoleSocket {
    // Short: the shim directory may already hold a 64-character container id, and socket
    // paths end at 107 bytes.
    const file = path.join(dir, `c${++counter}.sock`);
    rmSync(file, { force: true });
    return new ConsoleSocket(file, unixListen(file, 1));
  }

  /** The pty master the runtime sends; rejects if the socket is closed first. */
  async receive(): Promise<number> {
    const connection = await unixAccept(this.listenFd, { signal: this.abort.signal });
    try {
      const { fds } = await recvFds(connection, MAX_NAME_BYTES, 1, { signal: this.abort.signal });
      if (fds.length !== 1) {
        for (const fd of fds) closeFd(fd);
        throw new InternalError(
          `console socket ${this.path}: expected one pty master, got ${fds.length} fds`,
        );
      }
      return fds[0];
    } finally {
      closeFd(connection);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    closeFd(this.listenFd);
    rmSync(this.path, { force: true });
  }
}
