import * as path from 'node:path';
import { HelperMissingError } from '../errors';

/** build/berth_runtime.node (native/addon/spawn_helper.c). */
export interface RuntimeAddon {
  /**
   * Starts `file` (on a thread of the addon) with fds[i] as its fd i (-1: /dev/null) and a control
   * socket as fd fds.length; returns the runtime's end of that socket at once.
   */
  spawnHelper(file: string, args: string[], fds: number[]): { control: number; job: SpawnJob };
  /** The started helper, once the spawn is done; throws (code ENOENT, ...) when it failed. */
  helperPid(job: SpawnJob): { pid: number; pidfd: number };
  /** Exit code (128 + signal), null while running, -1 when already reaped elsewhere. */
  reapHelper(pid: number, pidfd: number): number | null;
  killHelper(pid: number, pidfd: number): void;
  /** Calls back (status < 0 on error, events 1 readable | 2 writable) from the event loop. */
  watchFd(
    fd: number,
    callback: (status: number, events: number) => void,
  ): { start(events: number): void; close(): void };
}

/** An addon handle for one spawn. */
export type SpawnJob = { readonly __spawnJob: unique symbol };

let loaded: RuntimeAddon | undefined;

/** Names the addon file for code bundled away from this package (the shim's bundle). */
export const ADDON_ENV = 'BERTH_RUNTIME_ADDON';

/** Loaded on first use, from build/ beside src/ (tests), dist/ (tsc) or the CLI bundle in dist/. */
export function runtimeAddon(): RuntimeAddon {
  if (loaded) return loaded;
  const named = process.env[ADDON_ENV];
  const candidates = named
    ? [named]
    : [
        path.join(__dirname, '..', 'build', 'berth_runtime.node'),
        path.join(__dirname, '..', '..', 'build', 'berth_runtime.node'),
      ];
  for (const file of candidates) {
    const mod = { exports: {} as RuntimeAddon };
    try {
      process.dlopen(mod, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED' && /No such file/.test(String(error)))
        continue;
      throw error;
    }
    loaded = mod.exports;
    return loaded;
  }
  throw new HelperMissingError(candidates[candidates.length - 1]);
}
