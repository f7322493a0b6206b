// The filesystem change a build step made: walks the tree before (lower) and after (upper) side
// by side, like containerd's double-walking differ, and lists what a layer must carry: added or
// changed entries, deletions (whiteouts) and directories whose old content is all gone (opaque).

import type { Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { filesHaveSameContent } from './same-content';

export type Change =
  | { kind: 'write'; path: string; absolute: string; stats: Stats; linkTarget?: string }
  | { kind: 'delete'; path: string }
  | { kind: 'opaque'; path: string };

export interface DiffOptions {
  /**
   * ctime (ms) of a marker file made after the upper tree was prepared and before the step
   * changed it. The kernel sets ctime on every change (content, mode, owner, times, links) and
   * nothing can set it back, so an upper entry whose ctime is older than the marker is the
   * untouched copy of its lower entry: no need to read it. Entries at or after the marker are
   * compared in full.
   */
  unchangedBeforeCtimeMs?: number;
}

/**
 * Changes from `lower` (undefined: empty) to `upper`, in tar order: a directory before its
 * contents, names sorted. Paths are slash paths relative to the root.
 */
export async function diffTrees(
  lower: string | undefined,
  upper: string,
  options: DiffOptions = {},
): Promise<Change[]> {
  const changes: Change[] = [];
  await diffDirectory(lower, upper, '', changes, options);
  return changes;
}

async function entriesOf(dir: string | undefined): Promise<Map<string, Stats>> {
  const result = new Map<string, Stats>();
  if (dir === undefined) return result;
  const names = await readdir(dir);
  // All at once: the stats come from libuv's thread pool, which would otherwise idle.
  const stats = await Promise.all(names.map((name) => lstat(join(dir, name))));
  names.forEach((name, index) => result.set(name, stats[index]));
  return result;
}

async function diffDirectory(
  lower: string | undefined,
  upper: string,
  relative: string,
  out: Change[],
  options: DiffOptions,
): Promise<void> {
  const before = await entriesOf(lower);
  const after = await entriesOf(upper);
  const childPath = (name: string): string => (relative === '' ? name : `${relative}/${name}`);
  const removed = [...before.keys()].filter((name) => !after.has(name));
  if (removed.length > 0 && removed.length === before.size && relative !== '') {
    // Everything that was here is gone: one opaque marker instead of a whiteout per entry.
    out.push({ kind: 'opaque', path: relative });
    before.clear();
  } else {
    for (const name of removed.sort()) out.push({ kind: 'delete', path: childPath(name) });
  }
  for (const name of [...after.keys()].sort()) {
    const path = childPath(name);
    const upperPath = join(upper, name);
    const stats = after.get(name) as Stats;
    const old = before.get(name);
    const lowerPath = lower === undefined || old === undefined ? undefined : join(lower, name);
    const linkTarget = stats.isSymbolicLink() ? await readlink(upperPath) : undefined;
    const untouched =
      options.unchangedBeforeCtimeMs !== undefined &&
      stats.ctimeMs < options.unchangedBeforeCtimeMs &&
      old !== undefined &&
      (old.mode & 0o170000) === (stats.mode & 0o170000);
    if (
      !untouched &&
      (old === undefined || lowerPath === undefined || (await differs(old, stats, lowerPath, upperPath)))
    ) {
      out.push({ kind: 'write', path, absolute: upperPath, stats, linkTarget });
    }
    if (stats.isDirectory()) {
      await diffDirectory(old?.isDirectory() ? lowerPath : undefined, upperPath, path, out, options);
    }
  }
}

async function differs(a: Stats, b: Stats, aPath: string, bPath: string): Promise<boolean> {
  if ((a.mode & 0o170000) !== (b.mode & 0o170000)) return true;
  if (a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return true;
  if (a.isDirectory()) return a.mtimeMs !== b.mtimeMs;
  if (a.isSymbolicLink()) return (await readlink(aPath)) !== (await readlink(bPath));
  if (a.isCharacterDevice() || a.isBlockDevice()) return a.rdev !== b.rdev;
  if (a.size !== b.size || a.mtimeMs !== b.mtimeMs) return true;
  // Same size and time: when the snapshot is a copy of the same file (or a hard link) nothing
  // changed; compare bytes only when the clock could not tell (whole-second timestamps).
  if (a.dev === b.dev && a.ino === b.ino) return false;
  if (a.mtimeMs % 1000 !== 0) return false;
  return !(await filesHaveSameContent(aPath, bPath));
}
