// Unpacks a tar stream into a directory of a rootfs without leaving it: entry names are cleaned
// and may not climb out, every path is resolved inside the root, hard links must point inside.
// Used for ADD archives and, with OCI whiteouts honoured, for applying image layers.

import { createWriteStream } from 'node:fs';
import { chmod, chown, lchown, link, lutimes, readdir, rm, symlink, utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { BuilderError } from '../errors';
import { cleanPath } from '../context/path-pattern';
import { resolveInRoot } from '../context/scoped-path';
import { entryTarget, mkdirAllInRoot } from './root-writes';
import type { Owner } from './users';

export interface UnpackOptions {
  /** Owner of every entry instead of the archive's. */
  owner?: Owner;
  /** Treat `.wh.<name>` and `.wh..wh..opq` as OCI whiteouts (image layers). */
  whiteouts: boolean;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

async function applyWhiteout(rootfs: string, path: string): Promise<void> {
  const dir = posix.dirname(path);
  const name = posix.basename(path);
  const hostDir = await resolveInRoot(rootfs, dir);
  if (name === OPAQUE) {
    const names = await readdir(hostDir).catch(() => [] as string[]);
    await Promise.all(names.map((child) => rm(join(hostDir, child), { recursive: true, force: true })));
  } else {
    await rm(await resolveInRoot(rootfs, posix.join(dir, name.slice(WHITEOUT_PREFIX.length)), false), {
      recursive: true,
      force: true,
    });
  }
}

export async function unpackTar(
  source: Readable,
  rootfs: string,
  destDir: string,
  options: UnpackOptions,
): Promise<void> {
  const extract = tar.extract();
  const directoryTimes: Array<[string, Date]> = [];
  const done = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      const relative = cleanPath(header.name);
      if (relative.startsWith('/') || relative === '..' || relative.startsWith('../')) {
        throw new BuilderError(
          'CONTEXT_PATH_ESCAPES',
          `archive entry ${JSON.stringify(header.name)} points outside the destination`,
        );
      }
      if (relative === '.') {
        entry.resume();
        continue;
      }
      const path = posix.join(destDir, relative);
      if (options.whiteouts && posix.basename(path).startsWith(WHITEOUT_PREFIX)) {
        await applyWhiteout(rootfs, path);
        entry.resume();
        continue;
      }
      await mkdirAllInRoot(rootfs, posix.dirname(path), options.owner);
      const uid = options.owner?.uid ?? header.uid ?? 0;
      const gid = options.owner?.gid ?? header.gid ?? 0;
      const mode = (header.mode ?? 0o644) & 0o7777;
      const mtime = header.mtime ?? new Date();
      if (header.type === 'directory') {
        const host = await mkdirAllInRoot(rootfs, path, options.owner);
        await chmod(host, mode);
        await chown(host, uid, gid);
        directoryTimes.push([host, mtime]);
      } else if (header.type === 'file' || header.type === 'contiguous-file') {
        const host = await entryTarget(rootfs, path, true);
        await pipeline(entry, createWriteStream(host, { mode }));
        await chown(host, uid, gid);
        await chmod(host, mode);
        await utimes(host, mtime, mtime);
      } else if (header.type === 'symlink') {
        const host = await entryTarget(rootfs, path, true);
        await symlink(header.linkname ?? '', host);
        await lchown(host, uid, gid);
        await lutimes(host, mtime, mtime);
      } else if (header.type === 'link') {
        const linked = cleanPath(header.linkname ?? '');
        if (linked.startsWith('/') || linked === '..' || linked.startsWith('../')) {
          throw new BuilderError(
            'CONTEXT_PATH_ESCAPES',
            `hard link ${header.name} points outside the destination`,
          );
        }
        const host = await entryTarget(rootfs, path, true);
        await link(await resolveInRoot(rootfs, posix.join(destDir, linked)), host);
      }
      // Device nodes and fifos are not created: a build may not mint devices into an image.
      entry.resume();
    }
  })().catch((error: Error) => {
    extract.destroy(error);
    throw error;
  });
  await Promise.all([pipeline(source, extract), done]);
  // Directory times last: writing their contents changed them.
  for (const [host, mtime] of directoryTimes.reverse()) await utimes(host, mtime, mtime);
}
