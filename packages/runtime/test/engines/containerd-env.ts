import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { busyboxLayout } from '@berth/fixtures';
import { removeEngineCgroup } from './cgroup-cleanup';

export interface CtrResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A private containerd 1.6 (own root, state, socket and namespace) with the busybox fixture
 * imported, for driving berth-runtime the way engines do. stop() kills it and removes
 * everything it made, including the runc-style state under /run/containerd/runc/<namespace>.
 */
export class ContainerdEnv {
  readonly dir: string;
  readonly socket: string;
  readonly namespace = `berth-e2e-${process.pid}`;
  image = '';
  private daemon: ChildProcess | undefined;

  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'berth-ctrd-'));
    this.socket = path.join(this.dir, 'containerd.sock');
  }

  async start(): Promise<void> {
    const config = path.join(this.dir, 'config.toml');
    writeFileSync(
      config,
      [
        'version = 2',
        `root = "${this.dir}/root"`,
        `state = "${this.dir}/state"`,
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
        '[grpc]',
        `  address = "${this.socket}"`,
        '[ttrpc]',
        `  address = "${this.socket}.ttrpc"`,
        '',
      ].join('\n'),
    );
    this.daemon = spawn('containerd', ['--config', config], { stdio: ['ignore', 'ignore', 'ignore'] });
    for (let i = 0; i < 200 && this.ctr(['version']).status !== 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    if (this.ctr(['version']).status !== 0) throw new Error('containerd did not start');
    const layout = await busyboxLayout();
    const archive = path.join(this.dir, 'busybox.tar');
    spawnSync('tar', ['-C', layout.dir, '-cf', archive, '.']);
    const imported = this.ctr(['images', 'import', '--all-platforms', archive]);
    if (imported.status !== 0) throw new Error(`image import failed: ${imported.stderr}`);
    this.image =
      this.ctr(['images', 'ls', '-q'])
        .stdout.split('\n')
        .find((n) => n.endsWith(':busybox')) ?? '';
  }

  /** ctr against this containerd, in this test run's namespace. */
  ctr(args: string[], options: { timeout?: number } = {}): CtrResult {
    const r = spawnSync('ctr', ['-a', this.socket, '-n', this.namespace, ...args], {
      encoding: 'utf8',
      timeout: options.timeout ?? 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  async stop(): Promise<void> {
    for (const task of this.ctr(['task', 'ls', '-q']).stdout.split('\n').filter(Boolean)) {
      this.ctr(['task', 'kill', '-s', 'KILL', task]);
      this.ctr(['task', 'delete', '--force', task]);
    }
    for (const c of this.ctr(['containers', 'ls', '-q']).stdout.split('\n').filter(Boolean))
      this.ctr(['containers', 'rm', c]);
    if (this.daemon && this.daemon.exitCode === null) {
      const exited = new Promise((r) => this.daemon!.once('exit', r));
      this.daemon.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
    // containerd puts a namespace's containers under the cgroup /<namespace>.
    await removeEngineCgroup(this.namespace);
    const runcRoot = `/run/containerd/runc/${this.namespace}`;
    if (existsSync(runcRoot)) rmSync(runcRoot, { recursive: true, force: true });
  }
}
