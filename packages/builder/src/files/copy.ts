// COPY/ADD into a rootfs with docker's rules: a directory source copies its contents, a file goes
// to `<dest>/<name>` when the destination is a directory (trailing `/`, several sources, or an
// existing directory) and to `<dest>` otherwise; new files belong to root:root unless --chown;
// --chmod replaces modes; nested symlinks are copied as links; ADD unpacks local tar archives.

import {
  closeSync,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  lstatSync,
  lutimesSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { copyFile, mkdir, chmod, chown, stat, utimes, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { BuilderError } from '../errors';
import { resolveInRoot } from '../context/scoped-path';
import { extractArchive } from './archive';
import { childEntryTarget, ensureDirectoryInRoot, entryTarget, mkdirAllInRoot } from './root-writes';
import type { PathSource } from './sources';
import type { Owner } from './users';

/** A file made from text in the Dockerfile (heredoc) or downloaded (ADD <url>). */
export interface ContentSource {
  kind: 'content';
  name: string;
  /** Either inline content or a host file holding it. */
  content?: Buffer;
  file?: string;
  mode: number;
  mtime: Date;
}

export type CopySource = PathSource | ContentSource;

export interface CopyOptions {
  /** Absolute destination path inside the rootfs (already expanded and made absolute). */
  dest: string;
  /** The destination as written ends with `/`. */
  destIsDirectory: boolean;
  owner?: Owner;
  chmod?: number;
  /** ADD: unpack local tar archives instead of copying them. */
  extractArchives: boolean;
}

const ROOT: Owner = { uid: 0, gid: 0 };

export function parseChmod(text: string): number {
  if (!/^[0-7]{3,4}$/.test(text))
    throw new BuilderError(
      'DOCKERFILE_INVALID',
      `invalid --chmod=${text}: expected an octal mode such as 0755`,
    );
  return parseInt(text, 8);
}

async function isDirectoryInRoot(rootfs: string, path: string): Promise<boolean> {
  try {
    return (await stat(await resolveInRoot(rootfs, path))).isDirectory();
  } catch {
    return false;
  }
}

export async function copyIntoRoot(
  rootfs: string,
  sources: readonly CopySource[],
  options: CopyOptions,
): Promise<void> {
  const existingDir = await isDirectoryInRoot(rootfs, options.dest);
  const destIsDir = options.destIsDirectory || existingDir;
  if (sources.length > 1 && !destIsDir) {
    throw new BuilderError(
      'DOCKERFILE_INVALID',
      'When using COPY with more than one source file, the destination must be a directory and end with a /',
    );
  }
  const owner = options.owner ?? ROOT;
  for (const source of sources) {
    if (source.kind === 'content') {
      const target = destIsDir ? posix.join(options.dest, source.name) : options.dest;
      await mkdirAllInRoot(rootfs, posix.dirname(target), owner);
      const host = await entryTarget(rootfs, target);
      if (source.content !== undefined) await writeFile(host, source.content);
      else await copyFile(source.file as string, host);
      await finishEntry(host, options.chmod ?? source.mode, owner, source.mtime);
      continue;
    }
    const stats = await stat(source.host);
    if (stats.isDirectory()) {
      const { host, created } = await ensureDirectoryInRoot(rootfs, options.dest, owner);
      await copyDirectoryContents(
        source.host,
        rootfs,
        { path: options.dest, host, fresh: created },
        owner,
        options.chmod,
      );
      continue;
    }
    if (options.extractArchives && (await extractArchive(source.host, rootfs, options.dest, options.owner)))
      continue;
    const target = destIsDir ? posix.join(options.dest, source.name) : options.dest;
    await mkdirAllInRoot(rootfs, posix.dirname(target), owner);
    const host = await entryTarget(rootfs, target);
    await copyFile(source.host, host);
    await finishEntry(host, options.chmod ?? stats.mode & 0o7777, owner, stats.mtime);
  }
}

async function finishEntry(host: string, mode: number, owner: Owner, mtime: Date): Promise<void> {
  await chown(host, owner.uid, owner.gid);
  await chmod(host, mode);
  await utimes(host, mtime, mtime);
}

/** A destination directory; inside one this copy created, entry names need no resolving. */
interface TargetDirectory {
  path: string;
  host: string;
  fresh: boolean;
}

/**
 * Files up to this size (and links) are copied with synchronous calls: a few microseconds each,
 * where the thread pool costs a round trip per call (copy, chown, chmod, times); a COPY of a few
 * hundred small files went from tens of milliseconds to a few. Bigger files are copied async.
 */
const SMALL_FILE = 1 << 20;
/** A loop turn every this many entries, so a huge directory does not stall the event loop. */
const YIELD_EVERY = 256;

/**
 * A small file read whole and written through one descriptor that also sets its owner, mode and
 * times: one lookup of the destination path (on overlayfs, the costly part) where copyFile and
 * chown, chmod and utimes by path made five, and no ftruncate or copy_file_range.
 */
function copySmallFileSync(source: string, host: string, mode: number, owner: Owner, mtime: Date): void {
  const data = readFileSync(source);
  const fd = openSync(host, 'w', 0o600);
  try {
    for (let written = 0; written < data.length;) written += writeSync(fd, data, written);
    // chown before chmod: chown clears setuid and setgid bits.
    fchownSync(fd, owner.uid, owner.gid);
    fchmodSync(fd, mode);
    futimesSync(fd, mtime, mtime);
  } finally {
    closeSync(fd);
  }
}

async function copyDirectoryContents(
  sourceDir: string,
  rootfs: string,
  dest: TargetDirectory,
  owner: Owner,
  mode: number | undefined,
): Promise<void> {
  let done = 0;
  for (const name of readdirSync(sourceDir).sort()) {
    if (++done % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const source = join(sourceDir, name);
    const path = posix.join(dest.path, name);
    const stats = lstatSync(source);
    if (stats.isDirectory()) {
      let child: TargetDirectory;
      if (dest.fresh) {
        child = { path, host: join(dest.host, name), fresh: true };
        await mkdir(child.host);
      } else {
        const { host, created } = await ensureDirectoryInRoot(rootfs, path, owner);
        child = { path, host, fresh: created };
      }
      await copyDirectoryContents(source, rootfs, child, owner, mode);
      await finishEntry(child.host, mode ?? stats.mode & 0o7777, owner, stats.mtime);
    } else if (stats.isSymbolicLink()) {
      const host = childEntryTarget(dest.host, name, path, dest.fresh);
      symlinkSync(readlinkSync(source), host);
      lchownSync(host, owner.uid, owner.gid);
      lutimesSync(host, stats.mtime, stats.mtime);
    } else if (stats.isFile()) {
      const host = childEntryTarget(dest.host, name, path, dest.fresh);
      if (stats.size <= SMALL_FILE) {
        copySmallFileSync(source, host, mode ?? stats.mode & 0o7777, owner, stats.mtime);
      } else {
        await copyFile(source, host);
        await finishEntry(host, mode ?? stats.mode & 0o7777, owner, stats.mtime);
      }
    }
    // Sockets, fifos and devices are not copied (docker's context never carries them either).
  }
}
