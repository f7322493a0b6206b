// The engine side of an incremental context upload: a copy of each client context (named by the
// client's context id: its host and directory) kept between builds, with the manifest it was
// made from. A new build's manifest is compared with the kept one; directories and symlinks are
// made from the manifest itself, unchanged files stay, and only new or changed regular files are
// asked for (same type, mode, size and mtime means unchanged, as BuildKit's file sync decides).

import { createHash } from 'node:crypto';
import { lstatSync, type Stats } from 'node:fs';
import {
  chmod,
  lutimes,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ContextPathError } from '../errors';
import { extractContext } from './extract';
import type { ContextManifestEntry } from './manifest';
import { cleanPath } from './path-pattern';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

const MANIFEST = 'manifest.json';

function invalid(path: string, detail: string): ContextPathError {
  return new ContextPathError('CONTEXT_MANIFEST_INVALID', path, detail);
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Refuses paths that are not clean and relative, types other than file/dir/link, orphans. */
function checkManifest(entries: readonly ContextManifestEntry[]): Map<string, ContextManifestEntry> {
  const byPath = new Map<string, ContextManifestEntry>();
  for (const entry of entries) {
    const { path } = entry;
    if (
      path === '' ||
      cleanPath(path) !== path ||
      path.startsWith('/') ||
      path === '..' ||
      path.startsWith('../')
    )
      throw invalid(path, 'context entry is not a clean relative path');
    const type = entry.mode & S_IFMT;
    if (type !== S_IFREG && type !== S_IFDIR && type !== S_IFLNK)
      throw invalid(path, 'context entry is not a file, directory or symlink');
    if (byPath.has(path)) throw invalid(path, 'context entry listed twice');
    // Listed before what they hold, so a path's parents must already be directories: nothing can
    // be written through a symlink or into a file.
    const parent = parentOf(path);
    if (parent !== '' && ((byPath.get(parent)?.mode ?? 0) & S_IFMT) !== S_IFDIR)
      throw invalid(path, 'context entry is not inside a listed directory');
    byPath.set(path, entry);
  }
  return byPath;
}

/** The kept copy still holds the file as the old manifest recorded it. */
function sameFile(
  old: ContextManifestEntry | undefined,
  entry: ContextManifestEntry,
  onDisk: Stats | undefined,
): boolean {
  return (
    old !== undefined &&
    old.mode === entry.mode &&
    old.size === entry.size &&
    old.mtimeMs === entry.mtimeMs &&
    onDisk !== undefined &&
    onDisk.isFile() &&
    onDisk.size === entry.size &&
    (onDisk.mode & 0o7777) === (entry.mode & 0o7777)
  );
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** One build's use of a context copy: `sync`, then `receive`, then `release`. */
export class ContextCheckout {
  private wanted = new Set<string>();
  private entries: readonly ContextManifestEntry[] = [];

  constructor(
    /** The context directory the build reads. */
    readonly dir: string,
    /** Where the manifest of a kept copy lives; undefined for a one-off copy. */
    private readonly manifestFile: string | undefined,
    private readonly onRelease: () => Promise<void>,
  ) {}

  /**
   * Brings the copy's directories and symlinks in line with `entries`, removes what is gone or
   * changed, and returns the regular files to ask the client for.
   */
  async sync(entries: readonly ContextManifestEntry[]): Promise<string[]> {
    const current = checkManifest(entries);
    this.entries = entries;
    let previous = new Map<string, ContextManifestEntry>();
    if (this.manifestFile !== undefined) {
      try {
        const kept = JSON.parse(await readFile(this.manifestFile, 'utf8')) as ContextManifestEntry[];
        previous = new Map(kept.map((entry) => [entry.path, entry]));
      } catch {
        // No usable manifest (first build of this context, or an interrupted one): start over.
      }
      // Until this build has received everything, the copy matches no manifest.
      await rm(this.manifestFile, { force: true });
    }
    if (previous.size === 0) await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true, mode: 0o700 });

    // Gone or changed first, deepest first, so new entries never meet an old one of another type.
    const keep = new Set<string>();
    for (const old of [...previous.values()].reverse()) {
      const entry = current.get(old.path);
      const target = join(this.dir, old.path);
      const type = old.mode & S_IFMT;
      if (entry !== undefined && (entry.mode & S_IFMT) === type) {
        if (type === S_IFDIR) continue;
        if (type === S_IFLNK && entry.linkTarget === old.linkTarget) {
          if (lstatOrUndefined(target)?.isSymbolicLink()) keep.add(old.path);
          else await rm(target, { recursive: true, force: true });
          continue;
        }
        if (type === S_IFREG && sameFile(old, entry, lstatOrUndefined(target))) {
          keep.add(old.path);
          continue;
        }
      }
      await rm(target, { recursive: true, force: true });
    }

    const wanted: string[] = [];
    const dirTimes: [string, number][] = [];
    for (const entry of entries) {
      const target = join(this.dir, entry.path);
      const type = entry.mode & S_IFMT;
      if (type === S_IFDIR) {
        await mkdir(target, { recursive: true });
        await chmod(target, entry.mode & 0o7777);
        dirTimes.push([target, entry.mtimeMs / 1000]);
      } else if (type === S_IFLNK) {
        if (keep.has(entry.path)) continue;
        await symlink(entry.linkTarget, target);
        await lutimes(target, entry.mtimeMs / 1000, entry.mtimeMs / 1000);
      } else if (!keep.has(entry.path)) {
        // A stray file of an interrupted build would make the upload's exclusive create fail.
        await rm(target, { recursive: true, force: true });
        wanted.push(entry.path);
      }
    }
    this.wanted = new Set(wanted);
    this.dirTimes = dirTimes;
    return wanted;
  }

  private dirTimes: [string, number][] = [];

  /** Unpacks the client's tar of the wanted files, then records the copy's manifest. */
  async receive(source: Readable): Promise<void> {
    await extractContext(source, this.dir, { only: this.wanted });
    // Writing into a directory changed its time: the manifest's times last, deepest first.
    for (const [target, seconds] of this.dirTimes.reverse()) await utimes(target, seconds, seconds);
    if (this.manifestFile === undefined) return;
    // Not fsynced: a copy is a cache, and sync checks every kept file's size and mode on disk.
    const temporary = `${this.manifestFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.entries));
    await rename(temporary, this.manifestFile);
  }

  release(): Promise<void> {
    return this.onRelease();
  }
}

/**
 * The kept context copies under `root`: one per context id, at most `keep` of them (the least
 * recently used go). A context already in use by another build gets a one-off copy instead.
 */
export class ContextStore {
  private readonly busy = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly keep = 16,
  ) {}

  /** `scratch` is the build's own directory, used when the kept copy is busy. */
  async checkout(contextId: string, scratch: string): Promise<ContextCheckout> {
    const name = createHash('sha256').update(contextId).digest('hex').slice(0, 32);
    if (this.busy.has(name))
      return new ContextCheckout(scratch, undefined, () => rm(scratch, { recursive: true, force: true }));
    this.busy.add(name);
    const home = join(this.root, name);
    await mkdir(home, { recursive: true, mode: 0o700 });
    return new ContextCheckout(join(home, 'tree'), join(home, MANIFEST), async () => {
      this.busy.delete(name);
      await this.prune();
    });
  }

  /** Removes the least recently built copies beyond `keep` (a busy one stays). */
  private async prune(): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    if (names.length <= this.keep) return;
    const used = await Promise.all(
      names.map(async (name) => ({
        name,
        time: (await stat(join(this.root, name, MANIFEST)).catch(() => undefined))?.mtimeMs ?? 0,
      })),
    );
    used.sort((a, b) => b.time - a.time);
    for (const { name } of used.slice(this.keep))
      if (!this.busy.has(name)) await rm(join(this.root, name), { recursive: true, force: true });
  }
}
