import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import {
  closeFd,
  openPty,
  recvFds,
  sendFds,
  socketpair,
  SysError,
  unixAccept,
  unixConnect,
  unixListen,
} from '../src';
import {
  DIST_INDEX,
  exitOf,
  isCloseOnExec,
  killQuietly,
  makeTempDir,
  openFds,
  readAll,
  removeTempDir,
  streamClosed,
} from './helpers';

const startedChildren: ChildProcess[] = [];

/** Runs a script in a child Node process with the built library as `sys`. */
function runNode(script: string, args: string[]) {
  const source = `const sys = require(${JSON.stringify(DIST_INDEX)});\n(async () => {\n${script}\n})().catch((error) => { console.error(error); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', source, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  startedChildren.push(child);
  return child;
}

describe('fd passing', () => {
  let dir: string;
  let fdsBefore: number[];

  beforeEach(() => {
    dir = makeTempDir();
    fdsBefore = openFds();
  });

  afterEach(async () => {
    // A failed test may leave its child waiting: end it and its pipes before counting fds.
    for (const child of startedChildren.splice(0)) {
      killQuietly(child.pid);
      await exitOf(child);
      await Promise.all([child.stdin, child.stdout].map((stream) => stream && streamClosed(stream)));
    }
    expect(openFds()).toEqual(fdsBefore);
    removeTempDir(dir);
  });

  it('carries several fds across a socketpair, close-on-exec on arrival', async () => {
    const [left, right] = socketpair();
    const filePath = path.join(dir, 'file');
    const file = openSync(filePath, 'w+');
    const [inner, innerPeer] = socketpair();
    const pty = openPty();
    const received: number[] = [];
    try {
      await sendFds(left, Buffer.from('three fds'), [file, inner, pty.master]);
      const message = await recvFds(right, 64, 8);
      received.push(...message.fds);
      expect(message.data.toString()).toBe('three fds');
      expect(message.fds).toHaveLength(3);
      expect(message.fds.every(isCloseOnExec)).toBe(true);

      const [fileCopy, innerCopy, masterCopy] = message.fds;
      writeSync(fileCopy, 'through the copy');
      expect(readFileSync(filePath, 'utf8')).toBe('through the copy');
      await sendFds(innerCopy, Buffer.from('inner'), []);
      expect((await recvFds(innerPeer, 16, 0)).data.toString()).toBe('inner');
      expect(fstatSync(masterCopy).rdev).toBe(fstatSync(pty.master).rdev);
    } finally {
      [left, right, inner, innerPeer, pty.master, pty.slave, ...received].forEach(closeFd);
      closeSync(file);
    }
  });

  it('refuses a message with more fds than asked for and closes them', async () => {
    const [left, right] = socketpair();
    const extra = socketpair();
    try {
      await sendFds(left, Buffer.from('x'), [...extra, ...extra, ...extra]);
      const fdsWhileQueued = openFds();
      await expect(recvFds(right, 16, 1)).rejects.toMatchObject({ code: 'ResourceExhausted' });
      expect(openFds()).toEqual(fdsWhileQueued);
    } finally {
      [left, right, ...extra].forEach(closeFd);
    }
  });

  it('sends more than the socket buffer holds, waiting for the reader in the event loop', async () => {
    const [left, right] = socketpair();
    const pair = socketpair();
    const data = Buffer.alloc(4 * 1024 * 1024, 'abcdefgh');
    const received: Buffer[] = [];
    const receivedFds: number[] = [];
    try {
      const sending = sendFds(left, data, [pair[0]]);
      let total = 0;
      while (total < data.length) {
        const message = await recvFds(right, 64 * 1024, 1);
        expect(message.data.length).toBeGreaterThan(0);
        received.push(message.data);
        receivedFds.push(...message.fds);
        total += message.data.length;
      }
      await sending;
      expect(Buffer.concat(received).equals(data)).toBe(true);
      expect(receivedFds).toHaveLength(1);
    } finally {
      [left, right, ...pair, ...receivedFds].forEach(closeFd);
    }
  });

  it('reports the peer closing as an empty message', async () => {
    const [left, right] = socketpair();
    closeFd(left);
    try {
      expect(await recvFds(right, 16, 1)).toEqual({ data: Buffer.alloc(0), fds: [] });
      await expect(sendFds(right, Buffer.from('x'), [])).rejects.toMatchObject({
        code: 'Unavailable',
        errno: 'EPIPE',
      });
    } finally {
      closeFd(right);
    }
  });

  it('hands a file and a socket to another process over a socket path', async () => {
    const socketPath = path.join(dir, 'fds.sock');
    const filePath = path.join(dir, 'written-by-child');
    const listener = unixListen(socketPath, 4);
    const file = openSync(filePath, 'w');
    const [mine, theirs] = socketpair();
    let connection: number | undefined;
    try {
      const child = runNode(
        `const socket = sys.unixConnect(process.argv[1]);
         const { data, fds } = await sys.recvFds(socket, 256, 2);
         require('node:fs').writeSync(fds[0], 'file: ' + data);
         await sys.sendFds(fds[1], Buffer.from('socket: ' + data), []);
         [socket, ...fds].forEach(sys.closeFd);`,
        [socketPath],
      );
      connection = await unixAccept(listener);
      await sendFds(connection, Buffer.from('hello'), [file, theirs]);
      closeFd(theirs);
      closeSync(file);

      expect((await recvFds(mine, 256, 0)).data.toString()).toBe('socket: hello');
      expect(await exitOf(child)).toEqual([0, null]);
      expect(readFileSync(filePath, 'utf8')).toBe('file: hello');
    } finally {
      for (const fd of [listener, mine, connection]) if (fd !== undefined) closeFd(fd);
    }
  });

  it('receives a pty master the way a console socket does', async () => {
    // The runtime side of runc's --console-socket: connect, send the pty master with its name.
    const socketPath = path.join(dir, 'console.sock');
    const listener = unixListen(socketPath, 1);
    let connection: number | undefined;
    let master: number | undefined;
    try {
      const child = runNode(
        `const socket = sys.unixConnect(process.argv[1]);
         const pty = sys.openPty();
         await sys.sendFds(socket, Buffer.from('/dev/ptmx'), [pty.master]);
         require('node:fs').writeSync(pty.slave, 'hello from the container\\n');
         console.log('written');
         process.stdin.once('data', () => [socket, pty.master, pty.slave].forEach(sys.closeFd));`,
        [socketPath],
      );
      connection = await unixAccept(listener);
      const message = await recvFds(connection, 4096, 1);
      expect(message.data.toString()).toBe('/dev/ptmx');
      expect(message.fds).toHaveLength(1);
      master = message.fds[0];

      const stdout = child.stdout;
      await new Promise((resolve) => stdout.once('data', resolve));
      const buffer = Buffer.alloc(256);
      const length = readSync(master, buffer);
      // The line discipline turns \n into \r\n on the way out.
      expect(buffer.subarray(0, length).toString()).toBe('hello from the container\r\n');

      child.stdin.end('done\n');
      const [exitCode] = await Promise.all([exitOf(child).then(([code]) => code), readAll(stdout)]);
      expect(exitCode).toBe(0);
    } finally {
      for (const fd of [listener, connection, master]) if (fd !== undefined) closeFd(fd);
    }
  });

  it('stops a pending accept when aborted', async () => {
    const listener = unixListen(path.join(dir, 'idle.sock'));
    try {
      const controller = new AbortController();
      const accepting = unixAccept(listener, { signal: controller.signal });
      controller.abort();
      await expect(accepting).rejects.toMatchObject({ code: 'Cancelled' });
    } finally {
      closeFd(listener);
    }
  });

  it('names what is wrong with a socket path', () => {
    const taken = path.join(dir, 'taken.sock');
    const listener = unixListen(taken);
    try {
      expect(() => unixListen(taken)).toThrow(
        expect.objectContaining({ code: 'AlreadyExists', errno: 'EADDRINUSE' }),
      );
      expect(() => unixConnect(path.join(dir, 'missing.sock'))).toThrow(
        expect.objectContaining({ code: 'NotFound', errno: 'ENOENT', syscall: 'connect' }),
      );
      expect(() => unixConnect(`/tmp/${'x'.repeat(120)}`)).toThrow(/at most 107/);
      expect(() => unixListen('')).toThrow(SysError);
    } finally {
      closeFd(listener);
    }
  });

  it('rejects bad fd lists and sizes', async () => {
    const [left, right] = socketpair();
    try {
      expect(() => sendFds(left, Buffer.alloc(0), [left])).toThrow(/at least one byte/);
      expect(() => sendFds(left, Buffer.from('x'), [-1])).toThrow(/fds\[0\]/);
      expect(() => sendFds(left, Buffer.from('x'), new Array(254).fill(left))).toThrow(/at most 253/);
      expect(() => recvFds(right, 0, 1)).toThrow(/maxData/);
      await expect(sendFds(1_000_000, Buffer.from('x'), [])).rejects.toMatchObject({ errno: 'EBADF' });
    } finally {
      closeFd(left);
      closeFd(right);
    }
  });
});
