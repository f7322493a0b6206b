// Walks a build context directory without ever following a symlink, skipping what .dockerignore
// excludes, in a stable (sorted) order so the same context always packs to the same tar. The
// calls are synchronous (a few microseconds each, where the thread pool costs a round trip per
// entry), with a loop turn every YIELD_EVERY entries so a huge context does not stall the loop.

import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
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

const YIELD_EVERY = 256;

export async function* walkContext(root: string, ignore?: IgnoreMatcher): AsyncGenerator<ContextEntry> {
  let seen = 0;
  for (const entry of walkDirectory(root, '', ignore, [], false)) {
    if (++seen % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    yield entry;
  }
}

function* walkDirectory(
  root: string,
  relative: string,
  ignore: IgnoreMatcher | undefined,
  pendingParents: ContextEntry[],
  parentIgnored: boolean,
): Generator<ContextEntry> {
  const names = readdirSync(join(root, relative)).sort();
  for (const name of names) {
    const path = relative === '' ? name : `${relative}/${name}`;
    const absolute = join(root, path);
    const stats = lstatSync(absolute);
    const entry: ContextEntry = { path, absolute, stats };
    if (stats.isSymbolicLink()) entry.linkTarget = readlinkSync(absolute);
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
