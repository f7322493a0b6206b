// stdio through the shim: caller fifos, stdin round trip, exec with its own exit code, a
// terminal with resize, and callers detaching without harming the container.
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import * as path from 'node:path';
import { readLog, ShimHarness, waitFor } from './support/harness';

const h = new ShimHarness('io');
afterEach(() => h.cleanup());
afterAll(() => h.dispose());

/** The caller's side of a fifo pair: write stdin, read stdout. */
function openCallerFifos(stdin: string, stdout: string) {
  // O_RDWR never blocks on a fifo; the shim opens its ends the same way.
  const input = new Socket({
    fd: openSync(stdin, constants.O_RDWR | constants.O_NONBLOCK),
    readable: false,
    writable: true,
  });
  const outFd = openSync(stdout, constants.O_RDWR | constants.O_NONBLOCK);
  const output = new Socket({ fd: outFd, readable: true, writable: false });
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    input,
    output: () => text,
    close: () => {
      input.destroy();
      output.destroy();
    },
  };
}

describe('stdio', () => {
  it('round-trips stdin to stdout through caller fifos and closes stdin with CloseIo', async () => {
    const stdin = h.fifo('rt-in');
    const stdout = h.fifo('rt-out');
    const caller = openCallerFifos(stdin, stdout);
    try {
      const t = await h.createTask({
        args: ['sh', '-c', 'while read line; do echo "got $line"; done; echo bye'],
        stdio: { stdin, stdout },
      });
      await t.client.call.start({ id: t.id, execId: '' });
      caller.input.write('one\ntwo\n');
      await waitFor(() => caller.output().includes('got two\n'), 'echoed lines');
      await t.client.call.closeIo({ id: t.id, execId: '', stdin: true });
      expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(0);
      await waitFor(() => caller.output().endsWith('bye\n'), 'output after end of input');
      expect(caller.output()).toBe('got one\ngot two\nbye\n');
      await t.client.call.delete({ id: t.id, execId: '' });
    } finally {
      caller.close();
    }
  });

  it('runs an exec with its own exit code and output beside the init process', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    await t.client.call.start({ id: t.id, execId: '' });
    const out = path.join(h.dir, 'exec.out');
    const spec = {
      args: ['sh', '-c', 'echo from exec; exit 3'],
      cwd: '/',
      user: { uid: 0, gid: 0 },
      env: ['PATH=/bin'],
    };
    await t.client.call.exec({
      id: t.id,
      execId: 'e1',
      terminal: false,
      stdio: { stdin: '', stdout: out, stderr: '', log: undefined },
      spec: Buffer.from(JSON.stringify(spec)),
    });
    const started = await t.client.call.start({ id: t.id, execId: 'e1' });
    expect(started.pid).toBeGreaterThan(0);
    expect((await t.client.call.wait({ id: t.id, execId: 'e1' })).exitStatus).toBe(3);
    expect(readFileSync(out, 'utf8')).toBe('from exec\n');
    await t.client.call.delete({ id: t.id, execId: 'e1' });
    expect((await t.client.call.state({ id: t.id, execId: '' })).pid).toBe(t.pid);
    await expect(
      t.client.call.exec({ id: t.id, execId: 'bad', terminal: false, spec: Buffer.from('{}') }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(137);
  });

  it('gives a terminal: output reaches the caller and the log, ResizePty changes its size', async () => {
    const stdin = h.fifo('tty-in');
    const stdout = h.fifo('tty-out');
    const log = path.join(h.dir, 'tty.log');
    const caller = openCallerFifos(stdin, stdout);
    try {
      const t = await h.createTask({
        args: ['sh', '-c', 'stty size; read x; stty size; echo "tty:$x"; test -t 0 && echo isatty'],
        terminal: true,
        // 64 characters, like an engine's ids: the console socket must still fit in 107 bytes.
        id: `${process.pid}`.padEnd(64, 'f'),
        stdio: { stdin, stdout, log: { path: log, maxSize: 0, maxFiles: 0 } },
      });
      await t.client.call.resizePty({ id: t.id, execId: '', width: 100, height: 30 });
      await t.client.call.start({ id: t.id, execId: '' });
      await waitFor(() => caller.output().includes('30 100'), 'first size');
      await t.client.call.resizePty({ id: t.id, execId: '', width: 132, height: 43 });
      caller.input.write('hello\n');
      expect((await t.client.call.wait({ id: t.id, execId: '' })).exitStatus).toBe(0);
      await waitFor(() => caller.output().includes('isatty'), 'terminal output');
      expect(caller.output()).toContain('43 132');
      expect(caller.output()).toContain('tty:hello');
      const logged = readLog(log)
        .map((r) => r.log)
        .join('');
      expect(logged).toContain('tty:hello');
      await t.client.call.delete({ id: t.id, execId: '' });
    } finally {
      caller.close();
    }
  });

  it('gives an exec its own terminal', async () => {
    const t = await h.createTask({ args: ['sleep', '1000'] });
    await t.client.call.start({ id: t.id, execId: '' });
    const stdin = h.fifo('exec-tty-in');
    const stdout = h.fifo('exec-tty-out');
    const caller = openCallerFifos(stdin, stdout);
    try {
      const spec = {
        args: ['sh', '-c', 'read x; stty size; echo "exec:$x"'],
        cwd: '/',
        user: { uid: 0, gid: 0 },
      };
      await t.client.call.exec({
        id: t.id,
        execId: 'tty',
        terminal: true,
        stdio: { stdin, stdout, stderr: '', log: undefined },
        spec: Buffer.from(JSON.stringify(spec)),
      });
      await t.client.call.start({ id: t.id, execId: 'tty' });
      await t.client.call.resizePty({ id: t.id, execId: 'tty', width: 90, height: 20 });
      caller.input.write('hi\n');
      expect((await t.client.call.wait({ id: t.id, execId: 'tty' })).exitStatus).toBe(0);
      await waitFor(() => caller.output().includes('exec:hi'), 'exec terminal output');
      expect(caller.output()).toContain('20 90');
      await expect(
        t.client.call.resizePty({ id: t.id, execId: '', width: 1, height: 1 }),
      ).rejects.toMatchObject({
        code: 'InvalidArgument',
      });
    } finally {
      caller.close();
      await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: false });
    }
  });

  it('keeps the container running and logging when the caller detaches', async () => {
    const stdout = h.fifo('detach-out');
    const log = path.join(h.dir, 'detach.log');
    const readerFd = openSync(stdout, constants.O_RDWR | constants.O_NONBLOCK);
    const t = await h.createTask({
      args: ['sh', '-c', 'i=0; while [ $i -lt 5000 ]; do echo line $i; i=$((i+1)); done; sleep 1000'],
      stdio: { stdout, log: { path: log, maxSize: 0, maxFiles: 0 } },
    });
    await t.client.call.start({ id: t.id, execId: '' });
    closeSync(readerFd); // the caller goes away without reading
    await waitFor(() => readLog(log).some((r) => r.log === 'line 4999\n'), 'all output logged');
    const state = await t.client.call.state({ id: t.id, execId: '' });
    expect(state.exitStatus).toBe(0);
    expect(state.status).toBe(2); // still running
    await t.client.call.kill({ id: t.id, execId: '', signal: 9, all: true });
    await t.client.call.wait({ id: t.id, execId: '' });
  });
});
