// podman 4.3 (conmon) drives berth-runtime through --runtime: run, -d + exec, stop, -t.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { busyboxLayout } from '@berth/fixtures';
import { removeEngineCgroup } from './cgroup-cleanup';

const BIN = path.join(__dirname, '..', '..', 'bin', 'berth-runtime');
// Lowercase: podman derives an image name from the layout path.
const dir = path.join(tmpdir(), `berth-podman-${process.pid}`);
mkdirSync(dir, { recursive: true });
// Private storage and run state; cgroupfs and file events: no systemd here.
const GLOBAL = [
  '--root',
  `${dir}/root`,
  '--runroot',
  `${dir}/run`,
  '--storage-driver',
  'vfs',
  '--cgroup-manager',
  'cgroupfs',
  '--events-backend',
  'file',
  '--runtime',
  BIN,
];
// This host's hard RLIMIT_NOFILE is below podman's default and the runtime lacks
// CAP_SYS_RESOURCE to raise it (crun fails the same way): ask for what the host allows.
const LIMITS = ['--ulimit', 'nofile=1024:1024', '--ulimit', 'nproc=1024:1024', '--network', 'none'];
const IMAGE = 'localhost/berth-busybox:latest';

function podman(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('podman', [...GLOBAL, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

beforeAll(async () => {
  const layout = path.join(dir, 'layout');
  cpSync((await busyboxLayout()).dir, layout, { recursive: true });
  const pulled = podman(['pull', '-q', `oci:${layout}:busybox`]);
  if (pulled.status !== 0) throw new Error(`podman pull: ${pulled.stderr}`);
  podman(['tag', pulled.stdout.trim(), IMAGE]);
}, 120_000);

afterAll(async () => {
  podman(['rm', '--all', '--force']);
  // vfs layers and podman's run state are all under dir.
  spawnSync('umount', ['-R', `${dir}/run`], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
  // conmon processes share libpod_parent/conmon; both go once every conmon has exited.
  await removeEngineCgroup('libpod_parent/conmon');
  await removeEngineCgroup('libpod_parent');
}, 60_000);

describe('podman with berth-runtime as --runtime', () => {
  it('runs a container with its output and exit code', () => {
    const r = podman(['run', '--rm', ...LIMITS, IMAGE, 'sh', '-c', 'echo hello from podman; exit 4']);
    expect(r.stdout).toBe('hello from podman\n');
    expect(r.status).toBe(4);
  });

  it('runs detached, execs into it and stops it', () => {
    expect(podman(['run', '-d', '--name', 'berth-pm', ...LIMITS, IMAGE, 'sleep', '300']).status).toBe(0);
    const exec = podman(['exec', 'berth-pm', 'sh', '-c', 'echo in-container']);
    expect(exec.stdout).toBe('in-container\n');
    expect(podman(['stop', '-t', '1', 'berth-pm']).status).toBe(0);
    expect(podman(['rm', 'berth-pm']).status).toBe(0);
  });

  it('gives the container a terminal with -t (conmon console socket)', () => {
    const command = ['podman', ...GLOBAL, 'run', '--rm', '-t', ...LIMITS, IMAGE, 'tty'].join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.status).toBe(0);
  });
});
