// The engine side of the build context: unpacks the CLI's tar stream into a fresh directory,
// refusing entries that would land outside it (absolute or `..` paths, paths through symlinks,
// hard links to outside).

import { createWriteStream } from 'node:fs';
import { chmod, link, lutimes, mkdir, symlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { ContextPathError } from '../errors';
import { cleanPath } from './path-pattern';

export async function extractContext(source: Readable, dir: string): Promise<void> {
  const extract = tar.extract();
  const symlinks = new Set<string>();
  const safePath = (name: string): string => {
    const clean = cleanPath(name);
    if (clean === '.') return '';
    if (clean.startsWith('/') || clean === '..' || clean.startsWith('../')) {
      throw new ContextPathError('CONTEXT_PATH_ESCAPES', name, 'context entry points outside the context');
    }
    const parts = clean.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (symlinks.has(parts.slice(0, i).join('/'))) {
        throw new ContextPathError('CONTEXT_PATH_ESCAPES', name, 'context entry goes through a symlink');
      }
    }
    return clean;
  };
  const done = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      const path = safePath(header.name);
      const target = join(dir, path);
      const mode = (header.mode ?? 0o644) & 0o7777;
      if (path !== '') await mkdir(dirname(target), { recursive: true });
      if (header.type === 'directory') {
        await mkdir(target, { recursive: true });
        await chmod(target, mode);
      } else if (header.type === 'file' || header.type === 'contiguous-file') {
        await pipeline(entry, createWriteStream(target, { mode, flags: 'wx' }));
        await chmod(target, mode);
      } else if (header.type === 'symlink') {
        await symlink(header.linkname ?? '', target);
        symlinks.add(path);
      } else if (header.type === 'link') {
        await link(join(dir, safePath(header.linkname ?? '')), target);
      }
      entry.resume();
      if (header.mtime !== undefined && path !== '') {
        if (header.type === 'symlink') await lutimes(target, header.mtime, header.mtime);
        else await utimes(target, header.mtime, header.mtime);
      }
    }
  })().catch((error: Error) => {
    extract.destroy(error);
    throw error;
  });
  await Promise.all([pipeline(source, extract), done]);
}
