// Writing into a rootfs without ever leaving it: every target goes through resolveInRoot, so a
// symlink in the image (`/app -> /etc`, `/x -> ../../..`) is followed as the container would see
// it, never onto the host's files.

import { lstatSync, unlinkSync } from 'node:fs';
import { lstat, mkdir, chown, unlink, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { resolveInRoot } from '../context/scoped-path';
import type { Owner } from './users';

/** Creates `dir` (absolute in the rootfs) and missing parents (0755, `owner` or root). */
export async function mkdirAllInRoot(rootfs: string, dir: string, owner?: Owner): Promise<string> {
  return (await ensureDirectoryInRoot(rootfs, dir, owner)).host;
}

/** mkdirAllInRoot that also says whether the last directory was created by this call. */
export async function ensureDirectoryInRoot(
  rootfs: string,
  dir: string,
  owner?: Owner,
): Promise<{ host: string; created: boolean }> {
  let created = false;
  const parts = posix
    .normalize(dir)
    .split('/')
    .filter((part) => part !== '');
  let current = '/';
  let host = rootfs;
  for (const part of parts) {
    current = posix.join(current, part);
    host = await resolveInRoot(rootfs, current);
    try {
      const stats = await lstat(host);
      if (!stats.isDirectory())
        throw Object.assign(new Error(`${current}: not a directory`), { code: 'ENOTDIR' });
      continue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // Missing components after a followed symlink are created too; they cannot be symlinks.
    await mkdir(host, { mode: 0o755, recursive: true });
    if (owner !== undefined) await chown(host, owner.uid, owner.gid);
    created = true;
  }
  return { host, created };
}

/**
 * Host path where a non-directory entry `path` (absolute in the rootfs) may be written: parents
 * resolved inside the root, and whatever was there before (file, link, or directory when
 * `replaceDirectory`) removed.
 */
export async function entryTarget(rootfs: string, path: string, replaceDirectory = false): Promise<string> {
  const host = await resolveInRoot(rootfs, path, false);
  try {
    const stats = await lstat(host);
    if (stats.isDirectory()) {
      if (!replaceDirectory)
        throw Object.assign(new Error(`cannot replace directory ${path} with a file`), { code: 'EISDIR' });
      await rm(host, { recursive: true });
    } else await unlink(host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return host;
}

/**
 * entryTarget for entry `name` of a directory already resolved inside the root (`dirHost`), with
 * synchronous calls: the directory is real, and the name itself is never followed, so nothing
 * needs resolving. `fresh`: the directory was just made, so nothing is there to remove.
 */
export function childEntryTarget(dirHost: string, name: string, path: string, fresh: boolean): string {
  const host = join(dirHost, name);
  if (fresh) return host;
  try {
    if (lstatSync(host).isDirectory())
      throw Object.assign(new Error(`cannot replace directory ${path} with a file`), { code: 'EISDIR' });
    unlinkSync(host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return host;
}
