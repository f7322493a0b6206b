// Content checksum of COPY/ADD sources for the layer cache: names, types, modes, link targets and
// file contents (not times or owners, which a fresh checkout changes without changing anything).
// Files are hashed several at a time; the result only depends on the order of the walk.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const SMALL_FILE = 1024 * 1024;
const PARALLEL_READS = 16;

async function fileDigest(path: string, size: number): Promise<string> {
  if (size <= SMALL_FILE)
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** One line per entry; file lines get their content digest filled in afterwards. */
interface Line {
  text: string;
  file?: { path: string; size: number };
}

async function walk(lines: Line[], host: string, name: string): Promise<void> {
  const stats = await lstat(host);
  const mode = (stats.mode & 0o7777).toString(8);
  if (stats.isDirectory()) {
    lines.push({ text: `d ${name} ${mode}` });
    for (const child of (await readdir(host)).sort())
      await walk(lines, join(host, child), `${name}/${child}`);
  } else if (stats.isSymbolicLink()) lines.push({ text: `l ${name} ${mode} ${await readlink(host)}` });
  else if (stats.isFile()) lines.push({ text: `f ${name} ${mode}`, file: { path: host, size: stats.size } });
  else lines.push({ text: `o ${name} ${mode} ${stats.rdev}` });
}

/** sha256 over the sources, in order; each source named by its position and name. */
export async function checksumSources(
  sources: ReadonlyArray<{ host: string; name: string }>,
): Promise<string> {
  const lines: Line[] = [];
  for (const [index, source] of sources.entries()) await walk(lines, source.host, `${index}:${source.name}`);
  const files = lines.filter((line) => line.file !== undefined);
  const digests = new Map<Line, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const line = files[next++];
      digests.set(line, await fileDigest(line.file!.path, line.file!.size));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, worker));
  const hash = createHash('sha256');
  for (const line of lines)
    hash.update(`${line.text}${line.file === undefined ? '' : ` ${digests.get(line)}`}\n`);
  return `sha256:${hash.digest('hex')}`;
}
