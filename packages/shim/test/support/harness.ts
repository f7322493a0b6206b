import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { task } from '@berth/api';
import { prepareBusyboxRootfs } from '@berth/fixtures';
import { dial, type BerthClient } from '@berth/kit';
import { busyboxSpec, type EditableSpec } from './spec';

export const SHIM_BIN = path.resolve(__dirname, '../../bin/berth-shim');
export type TaskClient = BerthClient<task.v1.TaskClient>;

export interface TaskOptions {
  args: string[];
  terminal?: boolean;
  stdio?: Partial<task.v1.Stdio>;
  edit?: (spec: EditableSpec) => void;
  startFlags?: string[];
  /** A given id instead of a generated one. */
  id?: string;
}

export interface CreatedTask {
  id: string;
  socket: string;
  client: TaskClient;
  pid: number;
  bundle: string;
}

/**
 * Temp dirs, bundles and shims for one test file. Bundles get an overlay rootfs over one shared
 * busybox tree, mounted by the shim from the Create request. cleanup() removes every task,
 * shim, mount, cgroup and directory it made, whatever the test did.
 */
export class ShimHarness {
  readonly dir: string;
  readonly run: string;
  private counter = 0;
  private readonly ids: string[] = [];
  private readonly clients: TaskClient[] = [];
  private template: Promise<string> | undefined;

  constructor(readonly area: string) {
    // Short: console sockets and the shim socket live under it (107-byte limit).
    this.dir = mkdtempSync(`/tmp/bs-${area}-`);
    this.run = path.join(this.dir, 'run');
  }

  /** One busybox tree per harness, the read-only lower layer of every bundle's overlay. */
  rootfsTemplate(): Promise<string> {
    this.template ??= prepareBusyboxRootfs(path.join(this.dir, 'busybox'));
    return this.template;
  }

  id(): string {
    const id = `${this.area}-${process.pid}-${++this.counter}`;
    this.ids.push(id);
    return id;
  }

  /** Runs berth-shim with this harness's --run. */
  shim(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [SHIM_BIN, ...args, '--run', this.run], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  startShim(id: string, flags: string[] = []): string {
    const r = this.shim(['start', '--id', id, ...flags]);
    if (r.status !== 0) throw new Error(`berth-shim start failed: ${r.stderr}`);
    return r.stdout.trim();
  }

  client(socket: string): TaskClient {
    // A channel of its own: grpc-js shares connections between clients of one target by
    // default, and a test that kills a shim must not reuse the dead shim's connection.
    const client = dial(task.v1.TaskClient, socket, {
      component: 'shim',
      channelOptions: { 'grpc.use_local_subchannel_pool': 1 },
    });
    this.clients.push(client);
    return client;
  }

  /** A bundle directory with config.json and the overlay mounts for its rootfs. */
  async bundle(id: string, args: string[], terminal = false, edit?: TaskOptions['edit']) {
    const lower = await this.rootfsTemplate();
    const bundle = path.join(this.dir, id);
    for (const sub of ['upper', 'work', 'rootfs']) mkdirSync(path.join(bundle, sub), { recursive: true });
    const spec = busyboxSpec(id, args, terminal);
    edit?.(spec);
    writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(spec));
    const rootfs = [
      {
        type: 'overlay',
        source: 'overlay',
        target: '',
        options: [
          `lowerdir=${lower}`,
          `upperdir=${path.join(bundle, 'upper')}`,
          `workdir=${path.join(bundle, 'work')}`,
        ],
      },
    ];
    return { bundle, rootfs };
  }

  /** Starts (or reuses) a shim and creates a task in it. */
  async createTask(options: TaskOptions): Promise<CreatedTask> {
    const id = options.id ?? this.id();
    if (options.id) this.ids.push(id);
    const socket = this.startShim(id, options.startFlags);
    const client = this.client(socket);
    const { bundle, rootfs } = await this.bundle(id, options.args, options.terminal, options.edit);
    const { pid } = await client.call.create({
      id,
      bundle,
      rootfs,
      terminal: options.terminal ?? false,
      stdio: task.v1.Stdio.fromPartial(options.stdio ?? {}),
      options: {},
    });
    return { id, socket, client, pid, bundle };
  }

  /** A fifo in the temp dir (mkfifo(1): Node has no mkfifo). */
  fifo(name: string): string {
    const file = path.join(this.dir, name);
    const r = spawnSync('mkfifo', [file]);
    if (r.status !== 0) throw new Error(`mkfifo ${file} failed`);
    return file;
  }

  /** Pids of the shims running under this harness. */
  shimPids(): number[] {
    const shims = path.join(this.run, 'shims');
    if (!existsSync(shims)) return [];
    const pids: number[] = [];
    for (const key of readdirSync(shims)) {
      try {
        pids.push(Number(readFileSync(path.join(shims, key, 'shim.pid'), 'utf8')));
      } catch {
        // not started or gone
      }
    }
    return pids.filter((pid) => pid > 0);
  }

  async cleanup(): Promise<void> {
    for (const client of this.clients.splice(0)) client.close();
    this.keepShimLogs();
    for (const pid of this.shimPids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await waitFor(() => this.shimPids().every((pid) => !alive(pid)), 'shims to exit');
    for (const id of this.ids.splice(0)) {
      this.shim(['delete', '--id', id]);
      spawnSync('umount', ['-l', path.join(this.dir, id, 'rootfs')]);
      for (const controller of readdirSync('/sys/fs/cgroup')) {
        const group = path.join('/sys/fs/cgroup', controller, 'berth-shim-test', id);
        if (existsSync(group)) {
          try {
            rmdirSync(group);
          } catch {
            // still populated: the runtime's delete failed and the test says so
          }
        }
      }
    }
    // Directories of killed shims: the next test starts from an empty run directory.
    rmSync(path.join(this.run, 'shims'), { recursive: true, force: true });
  }

  /** Copies shim logs to <dir>/shim-logs before cleanup removes the shims' directories. */
  private keepShimLogs(): void {
    const shims = path.join(this.run, 'shims');
    if (!existsSync(shims)) return;
    mkdirSync(path.join(this.dir, 'shim-logs'), { recursive: true });
    for (const key of readdirSync(shims)) {
      const log = path.join(shims, key, 'shim.log');
      if (!existsSync(log)) continue; // not a shim's directory (the start lock), or gone
      try {
        copyFileSync(log, path.join(this.dir, 'shim-logs', `${key}.log`));
      } catch (error) {
        // a shim that exits after its last Delete removes its directory meanwhile
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }

  dispose(): void {
    for (const controller of readdirSync('/sys/fs/cgroup')) {
      try {
        rmdirSync(path.join('/sys/fs/cgroup', controller, 'berth-shim-test'));
      } catch {
        // absent, or another test file's containers still use it
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls a condition (state the kernel changes asynchronously); never asserts on time itself. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  tries = 1000,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Reads a json-file log's records. */
export function readLog(file: string): Array<{ log: string; stream: string; time: string }> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}
