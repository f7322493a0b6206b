import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTokenServer, type TokenServer } from './token-server';

/**
 * Debian's docker-registry with token auth against a test token server. The fixtures'
 * startRegistry knows htpasswd only, so this starts the registry itself with the same
 * precautions: 127.0.0.1 only, own temp dir, killed with the test process (setpriv pdeathsig).
 */
export interface TokenRegistry {
  readonly host: string;
  readonly tokens: TokenServer;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  // A bound on failure, not a test assertion: the registry normally answers within a second.
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${output()}`);
    try {
      const response = await fetch(url);
      if (response.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`docker-registry did not answer: ${output()}`);
}

export async function startTokenRegistry(user: { user: string; password: string }): Promise<TokenRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-token-registry-'));
  let child: ChildProcess | undefined;
  let tokens: TokenServer | undefined;
  const stop = async (): Promise<void> => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    tokens = await startTokenServer(dir, user);
    const port = await freePort();
    await mkdir(join(dir, 'storage'));
    const config = {
      version: 0.1,
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: {
        filesystem: { rootdirectory: join(dir, 'storage') },
        delete: { enabled: true },
        maintenance: { uploadpurging: { enabled: false } },
      },
      http: { addr: `127.0.0.1:${port}`, secret: 'berth-test' },
      auth: {
        token: {
          realm: tokens.realm,
          service: tokens.service,
          issuer: tokens.issuer,
          rootcertbundle: tokens.certPath,
        },
      },
    };
    await writeFile(join(dir, 'config.yml'), JSON.stringify(config));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('REGISTRY_')),
    );
    child = spawn(
      'setpriv',
      ['--pdeathsig', 'KILL', '--', 'docker-registry', 'serve', join(dir, 'config.yml')],
      { stdio: ['ignore', 'pipe', 'pipe'], env },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4096)));
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4096)));
    await waitReady(`http://127.0.0.1:${port}/v2/`, child, () => output);
    return { host: `127.0.0.1:${port}`, tokens, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
