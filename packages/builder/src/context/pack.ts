// The CLI side of the build context: the directory as a tar stream (ownership zeroed like the
// docker CLI does), .dockerignore applied, symlinks stored as links and never followed.

import { createReadStream, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { IgnoreMatcher } from './dockerignore';
import { walkContext } from './walk';

/** Reads `<root>/.dockerignore` if present. */
export async function loadDockerignore(root: string): Promise<IgnoreMatcher | undefined> {
  try {
    return IgnoreMatcher.parse(await readFile(join(root, '.dockerignore'), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Files up to this size are read whole with one synchronous call: a few microseconds each,
 * where the thread pool costs a round trip per file; bigger ones are streamed.
 */
const SMALL_FILE = 1 << 20;

function addEntry(pack: tar.Pack, header: Parameters<tar.Pack['entry']>[0], data: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    pack.entry(header, data, (error) => (error ? reject(error) : resolve())),
  );
}

/** Packs the context directory; errors (unreadable files...) destroy the returned stream. */
export function packContext(root: string, ignore?: IgnoreMatcher): Readable {
  const pack = tar.pack();
  void (async () => {
    for await (const entry of walkContext(root, ignore)) {
      const { stats } = entry;
      const header = { name: entry.path, mode: stats.mode & 0o7777, mtime: stats.mtime, uid: 0, gid: 0 };
      if (stats.isDirectory()) pack.entry({ ...header, type: 'directory' });
      else if (stats.isSymbolicLink()) pack.entry({ ...header, type: 'symlink', linkname: entry.linkTarget });
      else if (stats.isFile() && stats.size <= SMALL_FILE) {
        const content = readFileSync(entry.absolute);
        // Changed while being packed: the header must say what the data holds.
        await addEntry(pack, { ...header, type: 'file', size: content.length }, content);
      } else if (stats.isFile()) {
        const sink = pack.entry({ ...header, type: 'file', size: stats.size });
        await pipeline(createReadStream(entry.absolute), sink);
      }
      // Sockets, fifos and devices have no place in a build context: skipped like docker does.
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return Readable.from(pack);
}
