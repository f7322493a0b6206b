import { lstatSync, mkdirSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';

import { UnsafeLayerEntryError } from '../errors';

/**
 * Resolves entry paths inside one snapshot directory the way openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS) would for parents (Node has no openat2): component by component with
 * lstat, refusing any parent that is a symlink or not a directory. Missing parents are created
 * (0755 root, like tar) and remembered as implicit so their metadata can be taken from the
 * lower layers once those are complete.
 */
export class SnapshotPathResolver {
  /** Relative paths already checked to be real directories inside the root. */
  private readonly verifiedDirs = new Set<string>();
  /** Relative paths of directories created only because an entry needed them. */
  readonly implicitDirs = new Set<string>();

  readonly root: string;

  constructor(root: string) {
    // Normalised once, so paths below it are built by concatenation: path.join on every entry
    // was a fifth of the unpack's JavaScript allocations.
    this.root = resolve(root);
  }

  /** The absolute path of the entry's parent directory, created if missing. */
  parentOf(components: readonly string[], entry: string): string {
    return this.walk(components.slice(0, -1), entry, true);
  }

  /**
   * parentOf for the common case: `parentRelative` (the parent's components joined by "/") is
   * a directory checked before, which implies all its ancestors are (forget() drops a
   * directory with everything below it). Undefined otherwise: then use parentOf.
   */
  knownParent(parentRelative: string): string | undefined {
    if (parentRelative === '') return this.root;
    return this.verifiedDirs.has(parentRelative) ? this.pathOf(parentRelative) : undefined;
  }

  /** The absolute path of a relative one (components already checked). */
  pathOf(relative: string): string {
    return relative === '' ? this.root : `${this.root}/${relative}`;
  }

  /** The absolute path of an existing entry, its parents checked but nothing created. */
  existing(components: readonly string[], entry: string): string {
    return join(this.walk(components.slice(0, -1), entry, false), components[components.length - 1] ?? '');
  }

  /** The entry at `relative` was replaced or removed: forget what was known about it and below. */
  forget(relative: string): void {
    this.verifiedDirs.delete(relative);
    const prefix = `${relative}/`;
    for (const known of this.verifiedDirs) if (known.startsWith(prefix)) this.verifiedDirs.delete(known);
  }

  /** Marks a directory the layer itself created as verified. */
  remember(relative: string): void {
    this.verifiedDirs.add(relative);
    this.implicitDirs.delete(relative);
  }

  private walk(parents: readonly string[], entry: string, create: boolean): string {
    let relative = '';
    for (const component of parents) {
      relative = relative === '' ? component : `${relative}/${component}`;
      if (this.verifiedDirs.has(relative)) continue;
      const absolute = this.pathOf(relative);
      const stats = lstatOrUndefined(absolute);
      if (!stats) {
        if (!create) throw new UnsafeLayerEntryError(entry, `"${relative}" does not exist in this layer`);
        mkdirSync(absolute, { mode: 0o755 });
        this.implicitDirs.add(relative);
      } else if (stats.isSymbolicLink()) {
        throw new UnsafeLayerEntryError(
          entry,
          `parent "${relative}" is a symlink; entries are never written through symlinks`,
        );
      } else if (!stats.isDirectory()) {
        throw new UnsafeLayerEntryError(entry, `parent "${relative}" is not a directory`);
      }
      this.verifiedDirs.add(relative);
    }
    return this.pathOf(relative);
  }
}

export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
