// config.md process.terminal + consoleSize; runc's --console-socket protocol (the pty master in one SCM_RIGHTS message).
import { closeSync, read } from 'node:fs';
import * as path from 'node:path';
import { closeFd, recvFds, unixAccept, unixListen } from '@berth/sys';
import { Harness } from './support/harness';

const h = new Harness('tty');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

/** Everything the container writes to its terminal, until the slave side closes (EIO). */
function readAll(fd: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const next = () =>
      read(fd, Buffer.alloc(4096), 0, 4096, null, (err, n, buf) => {
        if (err || n === 0) return resolve(Buffer.concat(chunks).toString('utf8'));
        chunks.push(buf.subarray(0, n));
        next();
      });
    next();
  });
}

describe('terminal', () => {
  it('sends the pty master over the console socket and makes the pty the controlling terminal', async () => {
    const socketPath = path.join(h.dir, 'console.sock');
    const listenFd = unixListen(socketPath);
    try {
      const bundle = await h.bundle(['sh', '-c', 'tty; stty size; [ -t 0 ] && echo stdin-is-tty'], (s) => {
        s.process.terminal = true;
        s.process.consoleSize = { height: 30, width: 100 };
      });
      // create + start: runc hands the pty out only when it does not wait on the container itself.
      const id = h.id();
      const create = h.runtimeAsync(['create', '--console-socket', socketPath, '--bundle', bundle, id]);
      const conn = await unixAccept(listenFd, { signal: AbortSignal.timeout(20_000) });
      const message = await recvFds(conn, 4096, 4, { signal: AbortSignal.timeout(20_000) });
      closeFd(conn);
      expect((await create).status).toBe(0);
      expect(message.fds).toHaveLength(1);
      const output = readAll(message.fds[0]);
      expect(h.runtime(['start', id]).status).toBe(0);
      const text = (await output).replace(/\r/g, '');
      closeSync(message.fds[0]);
      expect(text).toMatch(/^\/dev\/pts\/\d+\n30 100\nstdin-is-tty\n$/);
    } finally {
      closeFd(listenFd);
    }
  });

  it('refuses a terminal without a console socket', async () => {
    const { result: r } = h.create(await h.bundle(['true'], (s) => (s.process.terminal = true)));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/console/);
  });
});
