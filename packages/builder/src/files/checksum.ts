// Content checksum of COPY/ADD sources for the layer cache: names, types, modes, link targets and
// file contents (not times or owners, which a fresh checkout changes without changing anything).

import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function hashTree(hash: Hash, host: string, name: string): Promise<void> {
  const stats = await lstat(host);
  const mode = (stats.mode & 0o7777).toString(8);
  if (stats.isDirectory()) {
    hash.update(`d ${name} ${mode}\n`);
    for (const child of (await readdir(host)).sort())
      await hashTree(hash, join(host, child), `${name}/${child}`);
  } else if (stats.isSymbolicLink()) hash.update(`l ${name} ${mode} ${await readlink(host)}\n`);
  else if (stats.isFile()) hash.update(`f ${name} ${mode} ${await fileDigest(host)}\n`);
  else hash.update(`o ${name} ${mode} ${stats.rdev}\n`);
}

/** sha256 over the sources, in order; each source named by its position and name. */
export async function checksumSources(
  sources: ReadonlyArray<{ host: string; name: string }>,
): Promise<string> {
  const hash = createHash('sha256');
  for (const [index, source] of sources.entries())
    await hashTree(hash, source.host, `${index}:${source.name}`);
  return `sha256:${hash.digest('hex')}`;
}
