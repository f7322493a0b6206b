// One private Berth installation per test file: the built berth-images, berth-network and berthd
// (each its own process, as users run them; berthd spawns the built berth-shim per container)
// under a temporary directory, with their own sockets, bridge names, nftables table and subnet,
// a real registry holding the busybox fixture image, and the built `berth` CLI pointed at it.
// stop() removes every container, process, mount, link and table, even after a failed test.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { busyboxLayout, removeStackLeftovers, startRegistry, type RunningRegistry } from '@berth/fixtures';

const exec = promisify(execFile);
const REPO = resolve(__dirname, '../..');
const pkg = (...parts: string[]) => join(REPO, 'packages', ...parts);
export const BERTH_BIN = pkg('cli', 'bin/berth');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Stack {
  dir: string;
  /** Prefix of every name the stack creates on the host (bridges, veths, table), and unique. */
  tag: string;
  /** The busybox fixture image in the stack's registry, e.g. `127.0.0.1:40123/e2e/busybox:latest`. */
  image: string;
  /** Runs the built `berth` CLI against this stack's berthd. */
  berth(...args: string[]): Promise<Result>;
  /** Like berth(), but fails the test with the command's stderr when it does not exit 0. */
  ok(...args: string[]): Promise<string>;
  /** A /24 inside the stack's own range for user networks: 10.<x>.<n>.0/24 (n >= 1). */
  subnet(n: number): string;
  /** What running containers hold on the host: shims, network namespaces, rootfs mounts. */
  holdings(): Promise<{ shims: number; netns: number; rootfsMounts: number }>;
  /** SIGKILLs berthd (containers and shims keep running), or starts it again. */
  killEngine(): Promise<void>;
  startEngine(): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Retries `probe` until it returns a value other than undefined (about `tries` tenths of a second). */
export async function eventually<T>(probe: () => Promise<T | undefined>, tries = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`gave up waiting${last ? `: ${(last as Error).message}` : ''}`);
}

async function waitForSocket(path: string, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (existsSync(path)) return;
    if (child.exitCode !== null) throw new Error(`${what} exited ${child.exitCode} before serving ${path}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${what} did not create ${path}`);
}

export async function startStack(): Promise<Stack> {
  const tag = `e${randomBytes(2).toString('hex')}`;
  const octet = (parseInt(tag.slice(1), 16) % 200) + 20;
  const dir = await mkdtemp(join(tmpdir(), 'berth-e2e-'));
  const runDir = join(dir, 'run');
  const socket = (name: string) => join(runDir, `${name}.sock`);
  const children: ChildProcess[] = [];
  let engine: ChildProcess | undefined;
  let registry: RunningRegistry | undefined;

  const daemon = (script: string, args: string[]) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  const common = (name: string) => [
    ...['--root', join(dir, name), '--run', runDir, '--socket', socket(name), '--log-level', 'warn'],
  ];

  const berth = (...args: string[]): Promise<Result> =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [BERTH_BIN, '-H', `unix://${socket('engine')}`, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  const ok = async (...args: string[]) => {
    const result = await berth(...args);
    if (result.code !== 0)
      throw new Error(`berth ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
    return result.stdout;
  };

  const startEngine = async () => {
    // A berthd killed with -9 leaves its socket file: only a new one says the new daemon listens.
    await rm(socket('engine'), { force: true });
    engine = daemon(pkg('engine', 'dist/daemon/entry.js'), [
      ...common('engine'),
      ...['--images-socket', socket('images'), '--network-socket', socket('network')],
      ...['--shim-binary', pkg('shim', 'bin/berth-shim'), '--init-binary', '', '--default-network', tag],
    ]);
    await waitForSocket(socket('engine'), engine, 'berthd');
  };
  const killEngine = async () => {
    const child = engine;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await gone;
  };

  const stop = async () => {
    if (engine && engine.exitCode === null) {
      const ids = (await berth('ps', '-aq', '--no-trunc')).stdout.split('\n').filter(Boolean);
      if (ids.length > 0) await berth('rm', '-fv', ...ids);
    }
    await registry?.stop();
    await removeStackLeftovers({ dir, runDir, children, links: new RegExp(`^${tag}`), nftTable: tag });
  };

  const holdings = async () => {
    const entries = async (path: string) =>
      (await readdir(path).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
    const mounts = await readFile('/proc/self/mounts', 'utf8');
    return {
      shims: (await entries(join(runDir, 'shims'))).length,
      netns: (await entries(join(runDir, 'netns'))).length,
      rootfsMounts: mounts
        .split('\n')
        .filter((line) => line.includes(`${dir}/engine/`) && line.includes('/rootfs ')).length,
    };
  };

  try {
    registry = await startRegistry();
    const image = `${registry.host}/e2e/busybox:latest`;
    const layout = await busyboxLayout();
    await exec(
      process.execPath,
      [join(REPO, 'packages/registry-client/dist/cli/main.js'), 'push', `${layout.dir}:busybox`, image],
      // The CLI's scheme cache goes to this stack's directory, not the user's ~/.cache.
      { env: { ...process.env, XDG_CACHE_HOME: dir } },
    );
    const images = daemon(pkg('image-store', 'dist/daemon/entry.js'), common('images'));
    const network = daemon(pkg('network', 'bin/berth-network'), [
      ...common('network'),
      ...['--table', tag, '--veth-prefix', `${tag}v`, '--bridge-prefix', `${tag}-`],
      ...['--default-network', tag, '--default-bridge', tag, '--default-subnet', `10.${octet}.0.0/24`],
      ...['--upstreams', '127.0.0.1:53'],
    ]);
    await waitForSocket(socket('images'), images, 'berth-images');
    await waitForSocket(socket('network'), network, 'berth-network');
    await startEngine();
    return {
      dir,
      tag,
      image,
      berth,
      ok,
      holdings,
      subnet: (n) => `10.${octet}.${n}.0/24`,
      killEngine,
      startEngine,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
