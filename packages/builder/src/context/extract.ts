// The engine side of the build context: unpacks the CLI's tar stream into a fresh directory,
// refusing entries that would land outside it (absolute or `..` paths, paths through symlinks,
// hard links to outside).

import { closeSync, createWriteStream, fchmodSync, futimesSync, openSync, writeSync } from 'node:fs';
import { chmod, link, lutimes, mkdir, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { ContextPathError } from '../errors';
import { cleanPath } from './path-pattern';

/** Bigger files are streamed to disk instead of being held in memory while they are written. */
const SMALL_FILE = 1 << 20;

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * Small files are written with synchronous calls: each is a few microseconds of work, while the
 * thread pool would cost a round trip per call (open, write, chmod, times, close), which made
 * unpacking a context of small files most of a warm build's time in the engine.
 */
function writeContextFile(target: string, data: Buffer, mode: number, mtime: Date | undefined): void {
  const fd = openSync(target, 'wx', mode);
  try {
    for (let written = 0; written < data.length;) written += writeSync(fd, data, written);
    fchmodSync(fd, mode); // the umask may have taken bits away
    if (mtime !== undefined) futimesSync(fd, mtime, mtime);
  } finally {
    closeSync(fd);
  }
}

export interface ExtractOptions {
  /**
   * The tar must hold exactly these regular files and nothing else (an incremental upload into a
   * directory whose other entries are already in place): anything more or less is refused.
   */
  only?: ReadonlySet<string>;
}

export async function extractContext(
  source: Readable,
  dir: string,
  options: ExtractOptions = {},
): Promise<void> {
  const extract = tar.extract();
  const { only } = options;
  const received = new Set<string>();
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
  const made = new Set<string>(['']);
  const ensureDir = async (path: string) => {
    if (made.has(path)) return;
    await mkdir(join(dir, path), { recursive: true });
    made.add(path);
  };
  // Directory times last: writing their contents would change them again.
  const dirTimes: [string, Date][] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const { header } = entry;
      const path = safePath(header.name);
      if (only !== undefined) {
        const isFile = header.type === 'file' || header.type === 'contiguous-file';
        if (!isFile || !only.has(path) || received.has(path))
          throw new ContextPathError(
            'CONTEXT_MANIFEST_INVALID',
            header.name,
            'context entry was not asked for',
          );
        received.add(path);
      }
      const target = join(dir, path);
      const mode = (header.mode ?? 0o644) & 0o7777;
      if (path !== '') await ensureDir(parentOf(path));
      if ((header.type === 'file' || header.type === 'contiguous-file') && (header.size ?? 0) > SMALL_FILE) {
        await pipeline(entry, createWriteStream(target, { mode, flags: 'wx' }));
        await chmod(target, mode);
        if (header.mtime !== undefined) await utimes(target, header.mtime, header.mtime);
        continue;
      }
      if (header.type === 'file' || header.type === 'contiguous-file') {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        writeContextFile(target, Buffer.concat(chunks), mode, header.mtime);
        continue;
      }
      if (header.type === 'directory') {
        await ensureDir(path);
        await chmod(target, mode);
        if (header.mtime !== undefined && path !== '') dirTimes.push([target, header.mtime]);
      } else if (header.type === 'symlink') {
        await symlink(header.linkname ?? '', target);
        symlinks.add(path);
        if (header.mtime !== undefined) await lutimes(target, header.mtime, header.mtime);
      } else if (header.type === 'link') {
        await link(join(dir, safePath(header.linkname ?? '')), target);
      }
      entry.resume();
    }
    for (const [target, mtime] of dirTimes.reverse()) await utimes(target, mtime, mtime);
    if (only !== undefined && received.size !== only.size) {
      const missing = [...only].find((path) => !received.has(path)) ?? '';
      throw new ContextPathError('CONTEXT_PATH_NOT_FOUND', missing, 'context file asked for was not sent');
    }
  })().catch(async (error: Error) => {
    extract.destroy(error);
    throw error;
  });
  await Promise.all([pipeline(source, extract), done]);
}
