// containerd 1.6 drives berth-runtime as its runc (ctr --runc-binary): run, -d, exec, ps,
// pause/resume, kill and a terminal.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ContainerdEnv } from './containerd-env';

const BIN = path.join(__dirname, '..', '..', 'bin', 'berth-runtime');
const env = new ContainerdEnv();

beforeAll(() => env.start(), 120_000);
afterAll(() => env.stop(), 60_000);

const run = (args: string[]) => env.ctr(['run', '--runc-binary', BIN, ...args]);

describe('containerd with berth-runtime as runc', () => {
  it('runs a container and returns its output and exit code', () => {
    const r = run(['--rm', env.image, 'e2e-run', 'sh', '-c', 'echo hello from berth; exit 3']);
    expect(r.stdout).toBe('hello from berth\n');
    expect(r.status).toBe(3);
  });

  it('runs detached, then exec, ps, pause, resume and kill', async () => {
    expect(run(['-d', env.image, 'e2e-detached', 'sleep', '300']).status).toBe(0);
    const exec = env.ctr([
      'task',
      'exec',
      '--exec-id',
      'x1',
      'e2e-detached',
      'sh',
      '-c',
      'echo in-container; exit 2',
    ]);
    expect(exec.stdout).toBe('in-container\n');
    expect(exec.status).toBe(2);
    expect(env.ctr(['task', 'ps', 'e2e-detached']).stdout).toMatch(/^PID\s+INFO\n\d+/);
    expect(env.ctr(['task', 'pause', 'e2e-detached']).status).toBe(0);
    expect(env.ctr(['task', 'ls']).stdout).toMatch(/e2e-detached\s+\d+\s+PAUSED/);
    expect(env.ctr(['task', 'resume', 'e2e-detached']).status).toBe(0);
    expect(env.ctr(['task', 'ls']).stdout).toMatch(/e2e-detached\s+\d+\s+RUNNING/);
    expect(env.ctr(['task', 'kill', '-s', 'KILL', 'e2e-detached']).status).toBe(0);
    for (let i = 0; i < 200 && !/STOPPED/.test(env.ctr(['task', 'ls']).stdout); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(env.ctr(['task', 'ls']).stdout).toMatch(/e2e-detached\s+\d+\s+STOPPED/);
    expect(env.ctr(['task', 'delete', 'e2e-detached']).status).toBe(0);
    expect(env.ctr(['containers', 'rm', 'e2e-detached']).status).toBe(0);
  });

  it('gives the container a terminal with -t', () => {
    // ctr -t needs a terminal of its own: script(1) provides one.
    const command = [
      'ctr',
      '-a',
      env.socket,
      '-n',
      env.namespace,
      'run',
      '--runc-binary',
      BIN,
      '--rm',
      '-t',
      env.image,
      'e2e-tty',
      'sh',
      '-c',
      'tty; exit 0',
    ];
    const r = spawnSync('script', ['-qec', command.join(' '), '/dev/null'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.status).toBe(0);
  });
});
