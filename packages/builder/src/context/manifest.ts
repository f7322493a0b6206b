// The client side of an incremental context upload (as BuildKit's file sync): the context's
// listing with what identifies a file's version without reading it (type, mode, size, mtime),
// and a tar of just the files the engine asks for afterwards.

import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import type { IgnoreMatcher } from './dockerignore';
import { walkContext } from './walk';

export interface ContextManifestEntry {
  /** Context-relative slash path. */
  path: string;
  /** st_mode: type and permission bits. */
  mode: number;
  size: number;
  /** Milliseconds since the epoch, with the fraction. */
  mtimeMs: number;
  /** Symlink target ('' for anything else). */
  linkTarget: string;
}

/** The context as `packContext` would send it (.dockerignore applied), without the contents. */
export async function contextManifest(root: string, ignore?: IgnoreMatcher): Promise<ContextManifestEntry[]> {
  const entries: ContextManifestEntry[] = [];
  for await (const { path, stats, linkTarget } of walkContext(root, ignore)) {
    // Sockets, fifos and devices have no place in a build context: skipped like packContext does.
    if (!stats.isFile() && !stats.isDirectory() && !stats.isSymbolicLink()) continue;
    entries.push({
      path,
      mode: stats.mode,
      size: stats.isFile() ? stats.size : 0,
      mtimeMs: stats.mtimeMs,
      linkTarget: linkTarget ?? '',
    });
  }
  return entries;
}

/**
 * A tar of the given regular files of the context (owners zeroed as in packContext). A file
 * that changed since the manifest goes as it is now: the engine keys its copy by the manifest's
 * values, so the next build sends it again.
 */
export function packContextFiles(root: string, paths: readonly string[]): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const path of paths) {
      const absolute = join(root, path);
      const stats = lstatSync(absolute);
      if (!stats.isFile()) throw new Error(`${path}: the build context changed while it was sent`);
      const content = readFileSync(absolute);
      const { mode, mtime } = stats;
      await new Promise<void>((resolve, reject) =>
        pack.entry(
          { name: path, type: 'file', mode: mode & 0o7777, mtime, uid: 0, gid: 0, size: content.length },
          content,
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return Readable.from(pack);
}
