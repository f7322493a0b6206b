import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { prepareBusyboxRootfs } from '@berth/fixtures';
import { baseSpec, type SpecDoc } from './base-spec';
import { RUNTIME_BIN } from './runtime-bin';

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

export type SpecEdit = (spec: SpecDoc) => void;

/**
 * Bundles, a private --root and the runtime binary for one test file. cleanup() deletes every
 * container it created (forcefully) and every directory, whatever the test did.
 */
export class Harness {
  readonly dir: string;
  readonly root: string;
  private readonly ids = new Set<string>();
  /** One busybox rootfs per harness, copied for each bundle (tests may change theirs). */
  private template: Promise<string> | undefined;
  private counter = 0;

  constructor(readonly area: string) {
    this.dir = mkdtempSync(path.join(tmpdir(), `berth-conf-${area}-`));
    // Searchable by others: root in a user namespace is an unprivileged host uid.
    chmodSync(this.dir, 0o711);
    this.root = path.join(this.dir, 'state');
  }

  /** A fresh id (recorded for cleanup). */
  id(): string {
    const id = `conf-${this.area}-${process.pid}-${++this.counter}`;
    this.ids.add(id);
    return id;
  }

  /** A bundle running `args`; edit adjusts config.json, rootfs adjusts the copied rootfs. */
  async bundle(args: string[], edit?: SpecEdit, rootfs?: (dir: string) => void): Promise<string> {
    const bundle = path.join(this.dir, `bundle-${++this.counter}`);
    mkdirSync(bundle);
    this.template ??= prepareBusyboxRootfs(path.join(this.dir, 'template-rootfs'));
    cpSync(await this.template, path.join(bundle, 'rootfs'), { recursive: true, verbatimSymlinks: true });
    const spec = baseSpec(args);
    edit?.(spec);
    writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(spec, null, 2));
    rootfs?.(path.join(bundle, 'rootfs'));
    return bundle;
  }

  /** Runs the runtime with --root first, like engines do. */
  runtime(args: string[], options: { input?: string; globals?: string[]; extraFds?: number[] } = {}): Result {
    // Output goes to files, not pipes: a created container inherits them and would hold a
    // pipe open long after the runtime exits.
    const out = path.join(this.dir, `out-${++this.counter}`);
    const err = `${out}.err`;
    const outFd = openSync(out, 'w');
    const errFd = openSync(err, 'w');
    try {
      const r = spawnSync(RUNTIME_BIN, ['--root', this.root, ...(options.globals ?? []), ...args], {
        stdio: [options.input === undefined ? 'ignore' : 'pipe', outFd, errFd, ...(options.extraFds ?? [])],
        input: options.input,
        timeout: 60_000,
      });
      return { status: r.status, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
    } finally {
      closeSync(outFd);
      closeSync(errFd);
      rmSync(out, { force: true });
      rmSync(err, { force: true });
    }
  }

  /** The same, without blocking the test (for commands that wait, like a foreground run). */
  runtimeAsync(args: string[], options: SpawnOptions = {}): Promise<Result> {
    return new Promise((resolve, reject) => {
      const child = spawn(RUNTIME_BIN, ['--root', this.root, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        ...options,
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      // An abort (options.signal) still ends in 'close', with whatever was printed until then.
      child.once('error', (error) => error.name !== 'AbortError' && reject(error));
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });
  }

  /** `run` of a bundle made from args/edit: the process's output and exit code. */
  async run(args: string[], edit?: SpecEdit, rootfs?: (dir: string) => void): Promise<Result> {
    const bundle = await this.bundle(args, edit, rootfs);
    return this.runtime(['run', '--bundle', bundle, this.id()]);
  }

  /** Creates a container from a bundle and returns its id. */
  create(bundle: string, extra: string[] = []): { id: string; result: Result } {
    const id = this.id();
    return { id, result: this.runtime(['create', '--bundle', bundle, ...extra, id]) };
  }

  state(id: string): SpecDoc {
    const r = this.runtime(['state', id]);
    if (r.status !== 0) throw new Error(`state ${id} failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  /** Waits until the container reports the status (e.g. after a kill). */
  async waitStatus(id: string, status: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      if (this.state(id).status === status) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`container ${id} never became ${status}`);
  }

  async cleanup(): Promise<void> {
    for (const id of this.ids) this.runtime(['delete', '--force', id]);
    this.ids.clear();
  }

  async dispose(): Promise<void> {
    await this.cleanup();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
