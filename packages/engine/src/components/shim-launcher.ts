// Starts (or finds) the berth-shim that owns a container by running `berth-shim start`, which
// prints the shim's socket; the shim runs detached and outlives the engine.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UnavailableError } from '@berth/kit';

const run = promisify(execFile);

export interface ShimLauncherOptions {
  /** The berth-shim executable (a path, or a name found on PATH). */
  binary: string;
  /** Runtime directory shared with the shim ($BERTH_RUN). */
  runDir: string;
  logLevel?: string;
}

export class ShimLauncher {
  constructor(private readonly options: ShimLauncherOptions) {}

  /** `group` puts the container in the shim of that group (berth-shim's `--grouping group`). */
  async start(id: string, options: { group?: string } = {}): Promise<string> {
    const args = ['start', '--id', id, '--run', this.options.runDir];
    if (options.group !== undefined) args.push('--grouping', 'group', '--group', options.group);
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
