// The changes of an overlayfs snapshot, read from its upper directory instead of walking and
// comparing two trees: everything in the upper dir is new or changed, a character device 0:0 is a
// deletion (OCI `.wh.<name>`) and a directory with `trusted.overlay.opaque=y` hides everything
// below it (`.wh..wh..opq`). This is what docker's overlay2 driver does; it is exact as long as
// the mount used neither redirect_dir nor metacopy, which the caller must turn off (an upper that
// has either xattr is reported, so the caller can fall back to a tree walk).

import { execFile } from 'node:child_process';
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { Change } from './tree-diff';

const run = promisify(execFile);

export type OverlayUpperChanges = { exact: true; changes: Change[] } | { exact: false; why: string };

/** Overlay xattrs of every entry under `upper` that has any, keyed by absolute path. */
async function overlayXattrs(upper: string): Promise<Map<string, Map<string, string>>> {
  // One getfattr for the whole tree: Node cannot read xattrs, and one process per directory
  // would cost more than the walk itself.
  const { stdout } = await run(
    'getfattr',
    ['-R', '-P', '--absolute-names', '-e', 'text', '-m', '^trusted\\.overlay\\.', '-d', upper],
    { maxBuffer: 64 << 20 },
  ).catch((error: { code?: number | string; stdout?: string; stderr?: string }) => {
    // getfattr exits 1 when some entry could not be read, but still prints the rest.
    if (error.code === 1 && typeof error.stdout === 'string') return { stdout: error.stdout };
    throw new Error(`getfattr ${upper}: ${error.stderr?.trim() ?? String(error)}`);
  });
  const result = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('# file: ')) {
      current = new Map();
      result.set(unescapeOctal(line.slice('# file: '.length)), current);
    } else if (current !== undefined && line !== '') {
      const eq = line.indexOf('=');
      if (eq > 0) current.set(line.slice(0, eq), line.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
    }
  }
  return result;
}

/** getfattr writes unusual bytes in names as \ooo octal escapes (and a backslash as \\). */
function unescapeOctal(text: string): string {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const octal = /^\\([0-7]{3})/.exec(text.slice(i, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[1], 8));
      i += 3;
    } else if (text.startsWith('\\\\', i)) {
      bytes.push(0x5c);
      i += 1;
    } else {
      bytes.push(...Buffer.from(text[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function isWhiteout(stats: Stats): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0;
}

/** Whether `path` (relative) is a directory in any of the lower layer directories. */
function inSomeLower(lowers: readonly string[], path: string): boolean {
  return lowers.some((lower) => {
    try {
      return lstatSync(join(lower, path)).isDirectory();
    } catch {
      return false;
    }
  });
}

/** Reads xattrs of an entry itself (not a symlink's target): lgetxattr(2), llistxattr(2). */
export interface XattrReader {
  list(path: string): string[];
  get(path: string, name: string): Buffer | null;
}

/** The overlay xattrs of each entry that has any, read in-process (no getfattr process). */
function readOverlayXattrs(reader: XattrReader, paths: readonly string[]): Map<string, Map<string, string>> {
  const result = new Map<string, Map<string, string>>();
  for (const path of paths) {
    const names = reader.list(path).filter((name) => name.startsWith('trusted.overlay.'));
    if (names.length === 0) continue;
    result.set(path, new Map(names.map((name) => [name, reader.get(path, name)?.toString('utf8') ?? ''])));
  }
  return result;
}

export interface OverlayUpperOptions {
  /**
   * The mount's lower directories, for a mount made with redirect_dir=off and metacopy=off (so
   * neither xattr can be there to check). Then the upper dir's xattrs are read (a getfattr
   * process) only when one of its directories also is a directory in some lower layer: only
   * such a directory can be opaque in a way that matters (hiding lower content); one that is new
   * hides nothing, opaque or not.
   */
  lowers?: readonly string[];
  /**
   * Reads the xattrs in-process (an addon: Node has no xattr calls) instead of running getfattr,
   * whose process start costs more than the whole walk.
   */
  xattrs?: XattrReader;
}

/**
 * The changes an overlay upper directory holds, in tar order (a directory before its contents,
 * names sorted), as `diffTrees` would list them.
 */
export async function overlayUpperChanges(
  upper: string,
  options: OverlayUpperOptions = {},
): Promise<OverlayUpperChanges> {
  const changes: Change[] = [];
  const directories: { path: string; absolute: string; index: number }[] = [];
  // Synchronous calls: a few microseconds each, where the thread pool costs a round trip per
  // entry; an upper dir holds one step's changes.
  const walk = (dir: string, relative: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = relative === '' ? name : `${relative}/${name}`;
      const absolute = join(dir, name);
      const entry = lstatSync(absolute);
      if (isWhiteout(entry)) {
        changes.push({ kind: 'delete', path });
        continue;
      }
      if (entry.isSymbolicLink()) {
        changes.push({ kind: 'write', path, absolute, stats: entry, linkTarget: readlinkSync(absolute) });
        continue;
      }
      changes.push({ kind: 'write', path, absolute, stats: entry });
      if (entry.isDirectory()) {
        // An opaque marker, if any, goes right after the directory's own entry.
        directories.push({ path, absolute, index: changes.length });
        walk(absolute, path);
      }
    }
  };
  walk(upper, '');

  const { lowers } = options;
  let needXattrs = lowers === undefined;
  for (const dir of lowers === undefined ? [] : directories) {
    if (inSomeLower(lowers as readonly string[], dir.path)) {
      needXattrs = true;
      break;
    }
  }
  if (!needXattrs) return { exact: true, changes };
  const xattrs =
    options.xattrs === undefined
      ? await overlayXattrs(upper)
      : readOverlayXattrs(options.xattrs, [
          upper,
          ...changes.flatMap((change) => (change.kind === 'write' ? [change.absolute] : [])),
        ]);
  for (const [path, attributes] of xattrs) {
    for (const name of attributes.keys()) {
      if (name === 'trusted.overlay.redirect' || name === 'trusted.overlay.metacopy')
        return { exact: false, why: `${path} has ${name}` };
    }
  }
  // Inserted from the last, so the earlier indexes stay right.
  for (const dir of directories.reverse()) {
    if (xattrs.get(dir.absolute)?.get('trusted.overlay.opaque') === 'y')
      changes.splice(dir.index, 0, { kind: 'opaque', path: dir.path });
  }
  return { exact: true, changes };
}
