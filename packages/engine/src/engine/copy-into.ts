// `berth cp src ctr:dst`: a tar archive extracted into a container. tar(1) unpacks it into a
// staging directory first (it refuses absolute and ".." members); the entries are then moved
// in one by one, each destination resolved inside the container's root (symbolic links in the
// container never lead outside it) and never written through an existing link.
import { execFile } from 'node:child_process';
import {
  chmod,
  copyFile,
  lchown,
  lstat,
  mkdir,
  readdir,
  readlink,
  rm,
  symlink,
  utimes,
} from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FailedPreconditionError, NotFoundError } from '@berth/kit';

const run = promisify(execFile);

/** Maps a path in the container to its host path (see hostPathOf). */
export type ContainerPathResolver = (path: string) => Promise<string>;

export interface CopyIntoOptions {
  /** Existing directory in the container. */
  target: string;
  noOverwriteDirNonDir: boolean;
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** Unpacks `archive` (a tar file on the host) into the container directory `options.target`. */
export async function copyInto(
  archive: string,
  staging: string,
  resolve: ContainerPathResolver,
  options: CopyIntoOptions,
): Promise<void> {
  const targetHost = await resolve(`${options.target.replace(/\/+$/, '')}/.`);
  const targetStat = await lstatOrUndefined(targetHost);
  if (!targetStat?.isDirectory())
    throw new NotFoundError(`could not find the directory ${options.target} in container`, {
      reason: 'PATH_NOT_FOUND',
    });
  await mkdir(staging, { recursive: true, mode: 0o700 });
  await run('tar', ['-x', '--numeric-owner', '--same-permissions', '-C', staging, '-f', archive]);
  await place(staging, '', options.target.replace(/\/+$/, ''), resolve, options);
}

async function place(
  stagingRoot: string,
  relative: string,
  target: string,
  resolve: ContainerPathResolver,
  options: CopyIntoOptions,
): Promise<void> {
  for (const name of (await readdir(join(stagingRoot, relative))).sort()) {
    const rel = join(relative, name);
    const source = join(stagingRoot, rel);
    const containerPath = `${target}/${rel}`;
    const dest = await resolve(containerPath);
    const stat = await lstat(source);
    const existing = await lstatOrUndefined(dest);
    if (existing && existing.isDirectory() !== stat.isDirectory()) {
      if (options.noOverwriteDirNonDir)
        throw new FailedPreconditionError(
          `cannot overwrite ${existing.isDirectory() ? 'directory' : 'non-directory'} ${containerPath} with ${stat.isDirectory() ? 'directory' : 'non-directory'}`,
          { reason: 'COPY_TYPE_CONFLICT' },
        );
      await rm(dest, { recursive: true, force: true });
    } else if (existing && !existing.isDirectory()) {
      await rm(dest, { force: true });
    }
    if (stat.isDirectory()) {
      if (!existing?.isDirectory()) await mkdir(dest);
      await place(stagingRoot, rel, target, resolve, options);
    } else if (stat.isSymbolicLink()) {
      await symlink(await readlink(source), dest);
    } else if (stat.isFile()) {
      await copyFile(source, dest);
    } else {
      // Devices, fifos, sockets: cp copies the node itself (dest was removed above, so nothing is followed).
      await run('cp', ['-a', '--no-dereference', '--', source, dest]);
    }
    await lchown(dest, stat.uid, stat.gid);
    if (!stat.isSymbolicLink()) {
      await chmod(dest, stat.mode & 0o7777);
      await utimes(dest, stat.atime, stat.mtime);
    }
  }
}
