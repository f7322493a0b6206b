// The CLI side of the build context: the directory as a tar stream (ownership zeroed like the
// docker CLI does), .dockerignore applied, symlinks stored as links and never followed.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { IgnoreMatcher } from './dockerignore';
import { walkContext, type ContextEntry } from './walk';

/** Reads `<root>/.dockerignore` if present. */
export async function loadDockerignore(root: string): Promise<IgnoreMatcher | undefined> {
  try {
    return IgnoreMatcher.parse(await readFile(join(root, '.dockerignore'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Files up to this size are read whole, a few ahead of the tar writer. */
const SMALL_FILE = 1 << 20;
const READ_AHEAD = 16;

function addEntry(pack: tar.Pack, header: Parameters<tar.Pack['entry']>[0], data: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    pack.entry(header, data, (error) => (error ? reject(error) : resolve())),
  );
}

/** Packs the context directory; errors (unreadable files...) destroy the returned stream. */
export function packContext(root: string, ignore?: IgnoreMatcher): Readable {
  const pack = tar.pack();
  void (async () => {
    // Small files are read while earlier entries are written, so the reads overlap instead of
    // costing one thread-pool round trip after another.
    const queue: { entry: ContextEntry; data?: Promise<Buffer> }[] = [];
    const write = async ({ entry, data }: (typeof queue)[number]) => {
      const { stats } = entry;
      const header = { name: entry.path, mode: stats.mode & 0o7777, mtime: stats.mtime, uid: 0, gid: 0 };
      if (stats.isDirectory()) pack.entry({ ...header, type: 'directory' });
      else if (stats.isSymbolicLink()) pack.entry({ ...header, type: 'symlink', linkname: entry.linkTarget });
      else if (data !== undefined) {
        const content = await data;
        // Changed while being packed: the header must say what the data holds.
        await addEntry(pack, { ...header, type: 'file', size: content.length }, content);
      } else if (stats.isFile()) {
        const sink = pack.entry({ ...header, type: 'file', size: stats.size });
        await pipeline(createReadStream(entry.absolute), sink);
      }
      // Sockets, fifos and devices have no place in a build context: skipped like docker does.
    };
    for await (const entry of walkContext(root, ignore)) {
      const small = entry.stats.isFile() && entry.stats.size <= SMALL_FILE;
      const data = small ? readFile(entry.absolute) : undefined;
      data?.catch(() => undefined); // awaited (and reported) by write
      queue.push({ entry, ...(data ? { data } : {}) });
      if (queue.length > READ_AHEAD) await write(queue.shift()!);
    }
    while (queue.length > 0) await write(queue.shift()!);
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return Readable.from(pack);
}
