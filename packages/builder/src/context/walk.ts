// Walks a build context directory without ever following a symlink, skipping what .dockerignore
// excludes, in a stable (sorted) order so the same context always packs to the same tar.

import { lstat, readdir, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { IgnoreMatcher } from './dockerignore';

export interface ContextEntry {
  /** Context-relative slash path, never empty, never with `..`. */
  path: string;
  absolute: string;
  stats: Stats;
  /** Target of a symlink, kept as written. */
  linkTarget?: string;
}

export async function* walkContext(root: string, ignore?: IgnoreMatcher): AsyncGenerator<ContextEntry> {
  yield* walkDirectory(root, '', ignore, [], false);
}

async function* walkDirectory(
  root: string,
  relative: string,
  ignore: IgnoreMatcher | undefined,
  pendingParents: ContextEntry[],
  parentIgnored: boolean,
): AsyncGenerator<ContextEntry> {
  const names = (await readdir(join(root, relative))).sort();
  // All at once: the stats come from libuv's thread pool, which would otherwise idle.
  const allStats = await Promise.all(names.map((name) => lstat(join(root, relative, name))));
  for (const [index, name] of names.entries()) {
    const path = relative === '' ? name : `${relative}/${name}`;
    const absolute = join(root, path);
    const stats = allStats[index];
    const entry: ContextEntry = { path, absolute, stats };
    if (stats.isSymbolicLink()) entry.linkTarget = await readlink(absolute);
    const ignored = ignore?.ignores(path, parentIgnored) ?? false;
    if (!ignored) {
      // A re-included file inside an ignored directory still needs its parent entries.
      yield* pendingParents.splice(0);
      yield entry;
    }
    if (stats.isDirectory() && (!ignored || ignore?.hasExceptions)) {
      yield* walkDirectory(
        root,
        path,
        ignore,
        ignored ? [...pendingParents, entry] : pendingParents,
        ignored,
      );
    }
  }
}
