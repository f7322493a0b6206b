// `berth run -it` on a real pseudo-terminal: util-linux `script` gives the bundled berth a pty
// as stdin/stdout, the test types into it, and the engine double (the API contract) records
// what arrives. Proves raw mode (Ctrl-C arrives as a byte instead of killing berth), the
// initial size, resize on SIGWINCH (`stty -F <pty> cols ... rows ...` from outside), and the
// Ctrl-P Ctrl-Q detach caught by berth before the container sees it.
import { spawn, execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Metadata } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { startEngineDouble, type EngineDouble } from './engine-double';

const bundle = join(__dirname, '..', 'dist', 'berth.js');
// bin/berth: the installed launcher (V8 code cache in front of the bundle).
const launcher = join(__dirname, '..', 'bin', 'berth');
const haveTools = existsSync(bundle) && existsSync('/usr/bin/script') && existsSync('/usr/bin/stty');

/** The pty that process `pid` (or one of its descendants running node) has as stdin. */
function findBerthPty(pid: number): string | undefined {
  const pending = [pid];
  while (pending.length) {
    const current = pending.shift() as number;
    try {
      const comm = readFileSync(`/proc/${current}/comm`, 'utf8').trim();
      const stdin = readlinkSync(`/proc/${current}/fd/0`);
      if (comm.startsWith('node') && stdin.startsWith('/dev/pts/')) return stdin;
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8').trim();
        if (children) pending.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // the process went away meanwhile
    }
  }
  return undefined;
}

(haveTools ? describe : describe.skip)('berth run -it on a real terminal', () => {
  let double: EngineDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it('runs raw, forwards stdin bytes and resizes, and detaches on Ctrl-P Ctrl-Q', async () => {
    const received: engine.v1.AttachContainerRequest[] = [];
    let onAttachMessage: () => void = () => undefined;
    double = await startEngineDouble({
      containers: {
        createContainer: (call) => {
          call.write({
            result: { $case: 'created', created: { id: 'c'.repeat(64), name: 'tty', warnings: [] } },
          });
          call.end();
        },
        startContainer: (_call, callback) => callback(null, { pid: 1 }),
        attachContainer: (call) => {
          call.on('data', (message: engine.v1.AttachContainerRequest) => {
            received.push(message);
            onAttachMessage();
          });
          call.write({ output: { $case: 'chunk', chunk: { stream: 1, data: Buffer.from('/ # ') } } });
        },
      },
    });
    const waitFor = (predicate: () => boolean) =>
      new Promise<void>((resolve) => {
        if (predicate()) return resolve();
        onAttachMessage = () => predicate() && resolve();
      });

    const command = `stty cols 91 rows 31; exec ${process.execPath} ${bundle} -H unix://${double.socket} run -it busybox sh`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await waitFor(() => received.some((m) => m.input?.$case === 'start'));
      const start = received.find((m) => m.input?.$case === 'start')?.input;
      expect(start?.$case === 'start' && start.start).toMatchObject({
        stdin: true,
        size: { width: 91, height: 31 },
        detachKeys: 'ctrl-p,ctrl-q',
      });

      // Ctrl-C in raw mode is a byte for the container, not a SIGINT for berth.
      child.stdin.write('ls\x03');
      await waitFor(() => received.some((m) => m.input?.$case === 'stdin' && m.input.stdin.includes(0x03)));

      const pty = findBerthPty(child.pid as number);
      expect(pty).toBeDefined();
      await promisify(execFile)('stty', ['-F', pty as string, 'cols', '120', 'rows', '40']);
      // stty sets columns and rows one ioctl at a time: each is a SIGWINCH, so a resize each.
      const isFinalSize = (m: engine.v1.AttachContainerRequest) =>
        m.input?.$case === 'resize' && m.input.resize.width === 120 && m.input.resize.height === 40;
      await waitFor(() => received.some(isFinalSize));

      // berth catches the detach keys itself (docker's escape proxy): the container never sees them.
      child.stdin.write('\x10\x11');
      expect(await exited).toBe(0);
      const typed = Buffer.concat(
        received.flatMap((m) => (m.input?.$case === 'stdin' ? [m.input.stdin] : [])),
      );
      expect(typed.includes(0x10)).toBe(false);
      expect(output).toContain('/ # ');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('without a terminal forwards the signals berth gets to the container (--sig-proxy)', async () => {
    const kills: string[] = [];
    let attached: () => void = () => undefined;
    const attachedOnce = new Promise<void>((resolve) => (attached = resolve));
    let finishAttach: (code: number) => void = () => undefined;
    double = await startEngineDouble({
      containers: {
        createContainer: (call) => {
          call.write({
            result: { $case: 'created', created: { id: 'd'.repeat(64), name: 'plain', warnings: [] } },
          });
          call.end();
        },
        startContainer: (_call, callback) => {
          callback(null, { pid: 1 });
          attached();
        },
        attachContainer: (call) => {
          // Response headers are the engine's word that it has attached: only then does berth start.
          call.sendMetadata(new Metadata());
          finishAttach = (exitCode) => {
            call.write({ output: { $case: 'exit', exit: { exitCode } } });
            call.end();
          };
        },
        killContainer: (call, callback) => {
          kills.push(call.request.signal);
          callback(null, {});
          finishAttach(143);
        },
      },
    });
    const child = spawn(
      process.execPath,
      [launcher, '-H', `unix://${double.socket}`, 'run', 'busybox', 'sleep', '1000'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await attachedOnce;
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(kills).toEqual(['SIGTERM']);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
