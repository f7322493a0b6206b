import { createWriteStream } from 'node:fs';
import { link, mkdir } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { LayerFormatError, UnsafeLayerEntryError } from '../errors';
import { writeWithBackpressure } from '../stream-write';
import { entryPathComponents } from '../unpack/entry-path';
import { createTarReader } from '../unpack/tar-reader';

/**
 * Unpacks an image archive (OCI layout or `docker save` tarball) into an empty directory.
 * Only directories and regular files are written; symlinks (old `docker save` links duplicate
 * layers) become hard links to the file they name inside the archive; anything else is skipped.
 * Names are checked like layer entries, so nothing lands outside `dir`.
 */
export async function extractArchive(source: Readable | AsyncIterable<Buffer>, dir: string): Promise<void> {
  const reader = createTarReader();
  const feed = (async () => {
    for await (const chunk of source) await writeWithBackpressure(reader, chunk as Buffer, 'archive reader');
    (reader as unknown as { end(): void }).end();
  })();
  const aliases: Array<{ path: string; target: string; name: string }> = [];
  const apply = (async () => {
    for await (const entry of reader) {
      const { header } = entry;
      const components = entryPathComponents(header.name);
      const relative = components.join('/');
      const path = join(dir, relative);
      if (header.type === 'file' && relative !== '') {
        await mkdir(dirname(path), { recursive: true });
        await pipeline(entry as unknown as Readable, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
        continue;
      }
      entry.resume();
      if (header.type === 'directory') await mkdir(path, { recursive: true });
      else if (header.type === 'symlink') {
        const target = posix.normalize(posix.join(posix.dirname(relative), header.linkname ?? ''));
        entryPathComponents(target, 'symlink target');
        aliases.push({ path, target: join(dir, target), name: header.name });
      }
    }
  })();
  try {
    await Promise.all([feed, apply]);
  } catch (error) {
    reader.destroy();
    if (error instanceof UnsafeLayerEntryError) throw error;
    throw new LayerFormatError(`image archive: ${(error as Error).message}`, { cause: error });
  }
  for (const alias of aliases) {
    await mkdir(dirname(alias.path), { recursive: true });
    await link(alias.target, alias.path).catch((error: NodeJS.ErrnoException) => {
      throw new UnsafeLayerEntryError(
        alias.name,
        `links to a file the archive does not hold (${error.code})`,
      );
    });
  }
}
