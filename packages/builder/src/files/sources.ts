// COPY/ADD source paths: cleaned against the source root (the build context or another stage's
// rootfs), refused when they climb out of it, globs expanded with docker's pattern rules, and
// resolved through symlinks without leaving the root.

import { lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ContextPathError } from '../errors';
import { cleanPath, compilePathPattern, hasGlobMeta } from '../context/path-pattern';
import { resolveInRoot } from '../context/scoped-path';

export interface PathSource {
  kind: 'path';
  /** The source as the user wrote it (after expansion), for messages. */
  display: string;
  /** Host path of the resolved source. */
  host: string;
  /** Name it gets inside a destination directory. */
  name: string;
}

/** Cleans `path` relative to the root; `..` beyond the root is an error, a leading `/` is the root. */
export function cleanSourcePath(path: string): string {
  const relative = cleanPath(path.replace(/^\/+/, '') || '.');
  if (relative === '..' || relative.startsWith('../')) {
    throw new ContextPathError('CONTEXT_PATH_ESCAPES', path, 'forbidden path outside the build context');
  }
  return relative;
}

async function globMatches(root: string, pattern: string): Promise<string[]> {
  const regex = compilePathPattern(pattern);
  const maxDepth = pattern.includes('**') ? Infinity : pattern.split('/').length;
  const matches: string[] = [];
  const visit = async (relative: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(join(root, relative))).sort();
    } catch (error) {
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
      throw error;
    }
    for (const name of names) {
      const path = relative === '' ? name : `${relative}/${name}`;
      if (regex.test(path)) {
        // A matched directory is copied whole; nothing below it is matched again.
        matches.push(path);
        continue;
      }
      if (depth < maxDepth && (await lstat(join(root, path))).isDirectory()) await visit(path, depth + 1);
    }
  };
  await visit('', 1);
  return matches;
}

/** Resolves the source words of one COPY/ADD against `root`. */
export async function resolvePathSources(root: string, words: readonly string[]): Promise<PathSource[]> {
  const sources: PathSource[] = [];
  for (const word of words) {
    const relative = cleanSourcePath(word);
    const paths = hasGlobMeta(relative) ? await globMatches(root, relative) : [relative];
    if (paths.length === 0) {
      throw new ContextPathError(
        'CONTEXT_PATH_NOT_FOUND',
        word,
        'no source files were specified (the pattern matches nothing)',
      );
    }
    for (const path of paths) {
      const host = await resolveInRoot(root, path);
      try {
        await lstat(host);
      } catch (error) {
        if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) {
          throw new ContextPathError('CONTEXT_PATH_NOT_FOUND', `"/${path === '.' ? '' : path}"`, 'not found');
        }
        throw error;
      }
      sources.push({ kind: 'path', display: word, host, name: posix.basename(path) });
    }
  }
  return sources;
}
