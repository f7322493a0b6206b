import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyNft } from '../src/firewall/nft';
import { deleteTableScript } from '../src/firewall/ruleset';
import { deleteLinks, linksWithPrefix } from '../src/link/host-links';
import { defaultOptions, type ManagerOptions } from '../src/manager/options';
import { run } from '../src/util/run';

/**
 * A sandbox for one integration suite: its own state and run dirs, nft table, veth and bridge
 * prefixes (unique per process so suites can run side by side), and a cleanup that removes all
 * of it even when the suite failed.
 */
export class Sandbox {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'berth-net-'));
  readonly tag = (process.pid % 46656).toString(36).padStart(3, '0');
  private readonly children: ChildProcess[] = [];

  options(overrides: Partial<ManagerOptions> = {}): ManagerOptions {
    return {
      ...defaultOptions(path.join(this.root, 'state'), path.join(this.root, 'run')),
      table: `bt_${this.tag}`,
      vethPrefix: `bv${this.tag}`,
      bridgePrefix: `bb${this.tag}`,
      defaultNetwork: null,
      // No test may forward to real resolvers: an unused local port answers nothing.
      upstreams: [{ host: '127.0.0.1', port: 9 }],
      ...overrides,
    };
  }

  /** Starts a long-running program and remembers it for cleanup. */
  spawn(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  async cleanup(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    const netnsDir = path.join(this.root, 'run', 'netns');
    const mounted = await run('sh', ['-c', `grep -o ' ${netnsDir}/[^ ]*' /proc/self/mounts || true`]);
    for (const file of mounted
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      await run('umount', [file]).catch(() => undefined);
    }
    await deleteLinks([
      ...(await linksWithPrefix(`bv${this.tag}`)),
      ...(await linksWithPrefix(`bb${this.tag}`)),
    ]).catch(() => undefined);
    await applyNft(deleteTableScript(`bt_${this.tag}`)).catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Runs a command inside a network namespace. */
export function inNetns(netnsPath: string, command: string[]): Promise<string> {
  return run('nsenter', [`--net=${netnsPath}`, '--', ...command]);
}

/** Polls until `probe` resolves (servers in namespaces take a moment to bind). */
export async function eventually<T>(probe: () => Promise<T>, attempts = 50): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await probe();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw last;
}

export const silentLog = process.env.BERTH_TEST_LOG
  ? { info: (f: object, m: string) => console.log(m, f), warn: (f: object, m: string) => console.log(m, f) }
  : { info: () => undefined, warn: () => undefined };
