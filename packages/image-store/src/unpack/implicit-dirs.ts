import { chmodSync, lchownSync, lutimesSync, type Stats } from 'node:fs';
import { join } from 'node:path';

import { UnsafeLayerEntryError } from '../errors';
import { lstatOrUndefined } from './safe-resolver';

/**
 * Gives directories a layer created without declaring them the metadata they have in the layers
 * below (an overlay upper directory's owner and mode win over the lower one's), and refuses
 * them where a lower layer has a symlink: the entry would have been written through it.
 * Runs once the lower layers are complete, which lets layers unpack in parallel.
 */
export function adoptImplicitDirs(
  upperDir: string,
  implicitDirs: readonly string[],
  lowerDirs: readonly string[],
): void {
  const byDepth = [...implicitDirs].sort(
    (a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b),
  );
  for (const relative of byDepth) {
    const lower = findInLowers(relative, lowerDirs);
    if (!lower) continue;
    if (lower.isSymbolicLink()) {
      throw new UnsafeLayerEntryError(
        relative,
        'parent is a symlink in a lower layer; entries are never written through symlinks',
      );
    }
    if (!lower.isDirectory()) continue;
    const path = join(upperDir, relative);
    lchownSync(path, lower.uid, lower.gid);
    chmodSync(path, lower.mode & 0o7777);
    lutimesSync(path, lower.atime, lower.mtime);
  }
}

/**
 * What the merged lower view has at `relative`, walking each layer component by component so a
 * symlink inside a lower layer is never followed (not even to read metadata).
 */
function findInLowers(relative: string, lowerDirs: readonly string[]): Stats | undefined {
  const components = relative.split('/');
  for (const lower of lowerDirs) {
    let path = lower;
    let stats: Stats | undefined;
    for (const [index, component] of components.entries()) {
      path = join(path, component);
      stats = lstatOrUndefined(path);
      if (!stats) break;
      const last = index === components.length - 1;
      // A non-directory above the target hides everything below it in this and lower layers.
      if (!last && !stats.isDirectory()) return undefined;
    }
    if (stats) return stats;
  }
  return undefined;
}
