// Cross-process advisory lock on a lock file, for daemons and CLIs that must not touch the same
// state at once (two berth-images on one root, a CLI migrating it offline).
//
// Node has no flock(2), and kit may not use @berth/sys. So the lock is the existence of the
// file, created atomically with link(2) from a fully written temp file (nobody ever sees a
// half-written owner), holding the owner's pid, its kernel start time and a random token.
// A lock whose owner is dead (or whose pid now belongs to another process: the start time
// differs) is stale and is broken, so a kill -9 never wedges a daemon. Breaking renames the file
// away and checks it still holds the stale owner before deleting it, putting it back otherwise;
// only two breakers racing with a third, fresh acquirer at that exact moment could both win.
// Preferred over proper-lockfile, whose staleness is an mtime age kept fresh by timers: a
// paused or busy owner loses its lock, and a crashed one blocks others for the whole age.
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnavailableError } from '../errors/classes';
import { isProcessAlive, processStartTime } from './process-identity';

export interface FileLockOptions {
  /** How long to wait for a live owner to release it; 0 (default) fails at once. */
  timeoutMs?: number;
  /** How often to look again while waiting. Default 50 ms. */
  pollMs?: number;
}

export interface FileLock {
  readonly path: string;
  /** Deletes the lock file if this lock still owns it. Safe to call twice. */
  release(): Promise<void>;
}

interface Owner {
  pid: number;
  start?: string;
  token: string;
}

function parseOwner(text: string): Owner | undefined {
  try {
    const value = JSON.parse(text) as Partial<Owner>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && typeof value.token === 'string') {
      return value as Owner;
    }
  } catch {
    // fall through: not a lock file this code wrote
  }
  return undefined;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function uniqueSuffix(): string {
  return `${process.pid}.${randomBytes(6).toString('hex')}`;
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  const temp = `${path}.${uniqueSuffix()}.tmp`;
  await writeFile(temp, content, { mode: 0o644, flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp);
  }
}

async function breakStale(path: string, staleContent: string): Promise<void> {
  const moved = `${path}.stale.${uniqueSuffix()}`;
  try {
    await rename(path, moved);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another process broke it
    throw err;
  }
  try {
    if ((await readFile(moved, 'utf8')) !== staleContent) {
      // Someone broke the stale lock and took the lock between our read and our rename: give
      // theirs back. link fails with EEXIST only in the three-way race described above.
      await link(moved, path).catch(() => undefined);
    }
  } finally {
    await unlink(moved);
  }
}

/** Takes the lock at `path`, waiting up to `timeoutMs` for a live owner; see the module comment. */
export async function acquireFileLock(path: string, options: FileLockOptions = {}): Promise<FileLock> {
  const owner: Owner = { pid: process.pid, token: randomBytes(16).toString('hex') };
  const start = processStartTime(process.pid);
  if (start !== undefined) owner.start = start;
  const content = `${JSON.stringify(owner)}\n`;
  const deadline = Date.now() + (options.timeoutMs ?? 0);

  for (;;) {
    if (await tryCreate(path, content)) break;
    const current = await readIfExists(path);
    if (current === undefined) continue; // released between our attempt and our read
    const holder = parseOwner(current);
    if (!holder || !isProcessAlive(holder.pid, holder.start)) {
      await breakStale(path, current);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new UnavailableError(`${path} is locked by process ${holder.pid}`, {
        reason: 'LOCK_HELD',
        details: { path, pid: holder.pid },
      });
    }
    await sleep(options.pollMs ?? 50);
  }

  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      if ((await readIfExists(path)) === content) await unlink(path).catch(() => undefined);
    },
  };
}

/** Runs `fn` holding the lock at `path`, releasing it however `fn` ends. */
export async function withFileLock<T>(
  path: string,
  fn: () => Promise<T>,
  options?: FileLockOptions,
): Promise<T> {
  const lock = await acquireFileLock(path, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
