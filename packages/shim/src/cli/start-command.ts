import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { InternalError, probeUnixSocket, withFileLock } from '@berth/kit';
import { chooseShimKey, type GroupingRequest } from '../grouping';
import { shimLayout, START_LOCK_WAIT_MS, startLockPath, type ShimLayout } from '../shim-layout';

// A shim idles for hours holding many containers: keep V8's young generation small (its
// default semispaces alone are 32 MiB) and let V8 trade speed for size.
const SHIM_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];

/** Env var naming the fd on which a shim started by `berth-shim start` reports readiness. */
export const READY_FD_ENV = 'BERTH_SHIM_READY_FD';
const READY_FD = 3;

export interface StartOptions extends GroupingRequest {
  runtimeRoot: string;
  logLevel?: string;
  /** The berth-shim script to run as `serve` (default: this process's own). */
  script?: string;
}

/**
 * `berth-shim start`: finds the shim that should own the container (by grouping policy) and
 * returns its socket, starting it first if it is not running: detached, in its own session,
 * with its log in its directory. Serialised by a file lock (per shim, see startLockPath) so
 * concurrent starts agree.
 */
export async function startShim(options: StartOptions): Promise<string> {
  const shims = path.join(options.run, 'shims');
  mkdirSync(shims, { recursive: true, mode: 0o711 });
  // Known up front except for shared shims, which are chosen under their common lock.
  const key = options.policy === 'shared' ? undefined : await chooseShimKey(options);
  return withFileLock(
    startLockPath(options.run, key),
    async () => {
      const layout = shimLayout(key ?? (await chooseShimKey(options)), options.run);
      if ((await probeUnixSocket(layout.socket)) !== 'live') await spawnShim(layout, options);
      writeFileSync(path.join(layout.claimsDir, options.id), '');
      return layout.socket;
    },
    // Concurrent starts queue up (and wait for a shim that is exiting).
    { timeoutMs: START_LOCK_WAIT_MS, pollMs: 20 },
  );
}

async function spawnShim(layout: ShimLayout, options: StartOptions): Promise<void> {
  mkdirSync(layout.claimsDir, { recursive: true, mode: 0o700 });
  const logFd = openSync(layout.logFile, 'a', 0o640);
  const args = [
    ...SHIM_NODE_FLAGS,
    options.script ?? process.argv[1],
    'serve',
    '--key',
    layout.key,
    '--run',
    options.run,
    '--runtime-root',
    options.runtimeRoot,
    ...(options.logLevel ? ['--log-level', options.logLevel] : []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: '/',
    detached: true,
    stdio: ['ignore', logFd, logFd, 'pipe'],
    // The shim never opens a TLS connection: a CA bundle named in NODE_EXTRA_CA_CERTS would only
    // be parsed at every shim start (tens of ms on a host that sets it).
    env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined, [READY_FD_ENV]: String(READY_FD) },
  });
  closeSync(logFd);
  const ready = child.stdio[READY_FD]!;
  await new Promise<void>((resolve, reject) => {
    let said = '';
    ready.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('ready\n')) resolve();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(
        new InternalError(
          `shim ${layout.key} exited during start-up (${signal ?? `code ${code}`}): ${logTail(layout.logFile)}`,
        ),
      ),
    );
  });
  ready.destroy();
  child.unref();
}

function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return 'no log';
  }
}
