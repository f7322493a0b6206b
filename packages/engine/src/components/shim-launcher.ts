// Finds the berth-shim that owns a container. With shared shims (the default) a container
// normally goes to the live shim the engine used last through its Task API Claim, which starts
// no process; only when that shim refuses (full, exiting) or is gone does the engine run
// `berth-shim start`, which picks a shared shim with room or starts one, detached, so it
// outlives the engine.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { task } from '@berth/api';
import { shimPaths, UnavailableError, type BerthClient } from '@berth/kit';

const run = promisify(execFile);

/**
 * The claim berthd holds on its current shared shim, so the shim stays when its last container
 * is deleted and the next `run` claims it instead of starting two Node processes again (docker's
 * containerd stays up the same way). Released when the engine moves to another shim or closes;
 * one left by an engine killed with -9 is released by the next engine's first shared start.
 */
export const KEEPER_CLAIM = 'berthd-keeper';

export type ShimGrouping = 'container' | 'group' | 'shared';
export const SHIM_GROUPINGS: readonly ShimGrouping[] = ['container', 'group', 'shared'];

export interface ShimLauncherOptions {
  /** The berth-shim executable (a path, or a name found on PATH). */
  binary: string;
  /** Runtime directory shared with the shim ($BERTH_RUN). */
  runDir: string;
  logLevel?: string;
  /** Which containers share a shim when no group is named (berth-shim's --grouping). */
  grouping?: ShimGrouping;
  /** Containers per shared shim. */
  maxPerShim?: number;
  /** The Task client of a shim's socket. */
  task: (socket: string) => BerthClient<task.v1.TaskClient>;
}

export class ShimLauncher {
  private readonly grouping: ShimGrouping;
  private readonly maxPerShim: number;
  /** The shared shim the last container went to: the next one claims it first. */
  private current: Promise<string> | undefined;
  private currentSocket: string | undefined;
  private sweptKeepers = false;

  constructor(private readonly options: ShimLauncherOptions) {
    this.grouping = options.grouping ?? 'shared';
    this.maxPerShim = options.maxPerShim ?? 50;
  }

  /**
   * Claims a shim for container `id` and returns its socket. `group` puts the container in the
   * shim of that group (berth-shim's `--grouping group`) whatever the engine's grouping.
   */
  async start(id: string, options: { group?: string } = {}): Promise<string> {
    if (options.group !== undefined)
      return this.spawnStart(id, ['--grouping', 'group', '--group', options.group]);
    if (this.grouping !== 'shared') return this.spawnStart(id, ['--grouping', this.grouping]);
    let previous: string | undefined;
    // A start that finds the shim it waited for refusing may find a newer one already chosen.
    for (let attempt = 0; attempt < 2 && this.current !== undefined; attempt++) {
      const known = this.current;
      // Starts that arrive while a `berth-shim start` runs wait for it rather than each
      // starting a process of their own.
      const socket = await known.catch(() => undefined);
      if (socket !== undefined && (await this.claim(socket, id))) return socket;
      if (this.current === known) {
        previous = socket;
        this.current = this.currentSocket = undefined;
      }
    }
    const started = this.spawnStart(id, ['--grouping', 'shared', '--max-per-shim', String(this.maxPerShim)]);
    if (this.current !== undefined) return started;
    const kept = started.then(async (socket) => {
      await this.claim(socket, KEEPER_CLAIM);
      this.currentSocket = socket;
      if (previous !== undefined && previous !== socket) await this.release(KEEPER_CLAIM, previous);
      if (!this.sweptKeepers) {
        this.sweptKeepers = true;
        await this.releaseStaleKeepers(socket);
      }
      return socket;
    });
    this.current = kept;
    return kept;
  }

  /** Releases the keeper claim, so the current shared shim exits once it holds no container. */
  async close(): Promise<void> {
    const socket = this.currentSocket;
    this.current = this.currentSocket = undefined;
    if (socket !== undefined) await this.release(KEEPER_CLAIM, socket);
  }

  /** Keeper claims a previous engine (killed) left on shared shims other than `current`. */
  private async releaseStaleKeepers(current: string): Promise<void> {
    const shims = join(this.options.runDir, 'shims');
    const keys = existsSync(shims) ? readdirSync(shims).filter((key) => key.startsWith('shared-')) : [];
    for (const key of keys) {
      const { dir, socket } = shimPaths(key, this.options.runDir);
      if (socket !== current && existsSync(join(dir, 'claims', KEEPER_CLAIM)))
        await this.release(KEEPER_CLAIM, socket);
    }
  }

  /** Whether the next container may go to this shim (its client is worth keeping open). */
  mayReuse(socket: string): boolean {
    return this.current !== undefined && this.currentSocket === socket;
  }

  /**
   * Releases the claim of a container whose Create never came (its start failed), so its shim
   * does not stay alive for it; the shim exits if nothing else holds it.
   */
  async release(id: string, socket: string): Promise<void> {
    await this.options
      .task(socket)
      .call.unclaim({ id }, { deadlineMs: 5000 })
      .catch(() => undefined);
  }

  /** True when the live shim recorded the claim; false when it refused or is gone. */
  private async claim(socket: string, id: string): Promise<boolean> {
    try {
      await this.options.task(socket).call.claim({ id, maxPerShim: this.maxPerShim }, { deadlineMs: 5000 });
      return true;
    } catch {
      return false;
    }
  }

  private async spawnStart(id: string, grouping: string[]): Promise<string> {
    const args = ['start', '--id', id, '--run', this.options.runDir, ...grouping];
    if (this.options.logLevel) args.push('--log-level', this.options.logLevel);
    try {
      const { stdout } = await run(this.options.binary, args, { timeout: 30_000 });
      const socket = stdout.trim().split('\n').pop() ?? '';
      if (!socket.startsWith('/')) throw new Error(`unexpected output ${JSON.stringify(stdout)}`);
      return socket;
    } catch (err) {
      const detail = (err as { stderr?: string }).stderr?.trim() || (err as Error).message;
      throw new UnavailableError(`cannot start berth-shim (${this.options.binary}): ${detail}`, {
        reason: 'SHIM_START_FAILED',
        cause: err,
      });
    }
  }
}
