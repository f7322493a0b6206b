import * as path from 'node:path';
import { shimPaths } from '@berth/kit';

/** Where one shim keeps its socket and state, under $BERTH_RUN/shims/<key>. */
export interface ShimLayout {
  key: string;
  dir: string;
  socket: string;
  /** One JSON record per owned container. */
  tasksDir: string;
  /** One empty file per container `berth-shim start` assigned to this shim (grouping counts them). */
  claimsDir: string;
  pidFile: string;
  logFile: string;
}

export function shimLayout(key: string, run: string): ShimLayout {
  const { dir, socket } = shimPaths(key, run);
  return {
    key,
    dir,
    socket,
    tasksDir: path.join(dir, 'tasks'),
    claimsDir: path.join(dir, 'claims'),
    pidFile: path.join(dir, 'shim.pid'),
    logFile: path.join(dir, 'shim.log'),
  };
}

/** Keys of shims shared by containers that chose them for their room (`--grouping shared`). */
export const SHARED_KEY_PREFIX = 'shared-';

/**
 * The lock `berth-shim start` and an exiting shim take. A shim of one container or one group has
 * a key known before the lock, and a lock of its own: starts of different containers never wait
 * for each other. Shared shims have one lock for all, since choosing one with room must see them
 * all at once.
 */
export function startLockPath(run: string, key?: string): string {
  if (key !== undefined && !key.startsWith(SHARED_KEY_PREFIX))
    return path.join(run, 'shims', `.start-${key}.lock`);
  return path.join(run, 'shims', '.start.lock');
}

/** How long either waits for the other: starting a shim takes a second or two. */
export const START_LOCK_WAIT_MS = 60_000;
