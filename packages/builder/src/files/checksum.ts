// Content checksum of COPY/ADD sources for the layer cache: names, types, modes, link targets and
// file contents (not times or owners, which a fresh checkout changes without changing anything).
// The result only depends on the order of the walk.

import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setImmediate as turn } from 'node:timers/promises';

const SMALL_FILE = 1024 * 1024;
/**
 * Entries are stat'ed and small files read with synchronous calls (microseconds each, where the
 * thread pool costs a round trip per call), giving the event loop a turn after this many bytes
 * or entries so the daemon stays responsive while a big context is hashed.
 */
const BYTES_PER_TURN = 4 * 1024 * 1024;
const ENTRIES_PER_TURN = 256;

/** One line per entry; file lines get their content digest filled in afterwards. */
interface Line {
  text: string;
  file?: { path: string; size: number };
}

async function walk(lines: Line[], host: string, name: string): Promise<void> {
  if (lines.length % ENTRIES_PER_TURN === ENTRIES_PER_TURN - 1) await turn();
  const stats = lstatSync(host);
  const mode = (stats.mode & 0o7777).toString(8);
  if (stats.isDirectory()) {
    lines.push({ text: `d ${name} ${mode}` });
    for (const child of readdirSync(host).sort()) await walk(lines, join(host, child), `${name}/${child}`);
  } else if (stats.isSymbolicLink()) lines.push({ text: `l ${name} ${mode} ${readlinkSync(host)}` });
  else if (stats.isFile()) lines.push({ text: `f ${name} ${mode}`, file: { path: host, size: stats.size } });
  else lines.push({ text: `o ${name} ${mode} ${stats.rdev}` });
}

/** sha256 over the sources, in order; each source named by its position and name. */
export async function checksumSources(
  sources: ReadonlyArray<{ host: string; name: string }>,
): Promise<string> {
  const lines: Line[] = [];
  for (const [index, source] of sources.entries()) await walk(lines, source.host, `${index}:${source.name}`);
  const digests = new Map<Line, string>();
  let sinceTurn = 0;
  for (const line of lines) {
    if (line.file === undefined) continue;
    if (line.file.size > SMALL_FILE) {
      const hash = createHash('sha256');
      await pipeline(createReadStream(line.file.path), hash);
      digests.set(line, hash.digest('hex'));
      continue;
    }
    const content = readFileSync(line.file.path);
    digests.set(line, createHash('sha256').update(content).digest('hex'));
    sinceTurn += content.length + 4096;
    if (sinceTurn >= BYTES_PER_TURN) {
      sinceTurn = 0;
      await turn();
    }
  }
  const hash = createHash('sha256');
  for (const line of lines)
    hash.update(`${line.text}${line.file === undefined ? '' : ` ${digests.get(line)}`}\n`);
  return `sha256:${hash.digest('hex')}`;
}
