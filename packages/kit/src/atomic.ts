import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataLossError, InvalidArgumentError, NotFoundError } from './errors/classes';

export interface AtomicWriteOptions {
  /** File mode of the result, applied exactly (not masked by umask). Default 0o644. */
  mode?: number;
  /**
   * false: no fsync. The rename still replaces the file atomically for any reader and across
   * a killed process (kill -9); after a power loss the newest version may be missing, or the
   * file empty on a filesystem that does not flush data on rename. For state rewritten often
   * or rebuilt anyway. Default true.
   */
  durable?: boolean;
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` so that after a crash (even kill -9 or power loss) the file holds
 * either the old or the new content in full: write a temp file in the same directory, fsync it,
 * rename it over `path` (atomic within a filesystem), then fsync the directory so the rename
 * itself is durable (both skipped with `durable: false`). The temp file is removed if anything
 * fails.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o644;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(mode);
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    if (options.durable !== false) await fsyncDirectory(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** writeFileAtomic of `value` as indented JSON with a trailing newline. */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

export interface ReadJsonOptions {
  /**
   * What a malformed file means: 'invalid-argument' for files people write (config), the default,
   * or 'data-loss' for state Berth wrote itself (it was atomic, so corruption is real damage).
   */
  malformed?: 'invalid-argument' | 'data-loss';
}

/**
 * Reads and parses a JSON file. A missing file is a NotFoundError (reason FILE_NOT_FOUND) and
 * bad JSON an error naming the file and the parser's complaint (reason JSON_INVALID).
 */
export async function readJsonFile<T = unknown>(path: string, options: ReadJsonOptions = {}): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${path} does not exist`, {
        reason: 'FILE_NOT_FOUND',
        details: { path },
        cause: err,
      });
    }
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const ErrorClass = options.malformed === 'data-loss' ? DataLossError : InvalidArgumentError;
    throw new ErrorClass(`${path}: invalid JSON: ${(err as Error).message}`, {
      reason: 'JSON_INVALID',
      details: { path },
      cause: err,
    });
  }
}
