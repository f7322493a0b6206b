import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tarStream from 'tar-stream';

import { TarParser } from './tar-parser';
import { createTarReader } from './tar-reader';

interface Parsed {
  header: Record<string, unknown>;
  body: string;
}

/** The input cut into `size`-byte chunks, as an iterator the parser pulls from. */
function chunked(data: Buffer, size: number): AsyncIterator<Buffer> {
  return (async function* () {
    for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
  })();
}

function comparable(header: tarStream.Header): Record<string, unknown> {
  const { name, type, size, mode, uid, gid, mtime, linkname, devmajor, devminor, pax } = header;
  return { name, type, size, mode, uid, gid, mtime, linkname, devmajor, devminor, pax: pax ?? null };
}

async function parseAll(data: Buffer, chunkSize: number, bufferBytes: number): Promise<Parsed[]> {
  const parser = new TarParser(chunked(data, chunkSize), { bufferBytes });
  const result: Parsed[] = [];
  for (let entry = await parser.next(); entry; entry = await parser.next()) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.body) chunks.push(chunk);
    result.push({ header: comparable(entry.header), body: Buffer.concat(chunks).toString('hex') });
  }
  return result;
}

/** What tar-stream (with the store's byte-exact PAX decoding) makes of the same archive. */
async function parseWithTarStream(data: Buffer): Promise<Parsed[]> {
  const reader = createTarReader();
  reader.end(data);
  const result: Parsed[] = [];
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    result.push({ header: comparable(entry.header), body: Buffer.concat(chunks).toString('hex') });
  }
  return result;
}

describe('TarParser', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-tar-parser-'));
    const tree = join(dir, 'tree');
    const deep = join(tree, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'file'), 'deep');
    writeFileSync(join(tree, 'empty'), '');
    writeFileSync(join(tree, 'big'), Buffer.alloc(5000, 'x'));
    writeFileSync(join(tree, 'données-ファイル'), 'unicode');
    linkSync(join(tree, 'big'), join(tree, 'big-link'));
    symlinkSync('a'.repeat(60), join(tree, 'sym'));
    execFileSync('mkfifo', [join(tree, 'fifo')]);
    execFileSync('setfattr', ['-n', 'user.note', '-v', '0x0180ff', join(tree, 'empty')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tarOfTree = (format: string, names = ['.']) =>
    execFileSync('tar', ['-C', join(dir, 'tree'), `--format=${format}`, '--xattrs', '-cf', '-', ...names]);

  it.each(['gnu', 'pax', 'ustar'])(
    'reads a %s archive as tar-stream does, whatever the chunk boundaries',
    async (format) => {
      const data = tarOfTree(format);
      const expected = await parseWithTarStream(data);
      expect(expected.length).toBeGreaterThan(8);
      for (const chunkSize of [1, 511, 512, 4096, data.length]) {
        // 1000 bytes: `big` (5000) is streamed, the others come whole.
        expect(await parseAll(data, chunkSize, 1000)).toEqual(expected);
      }
    },
  );

  it('reports where the last entry ends, for the end-of-archive check', async () => {
    const data = tarOfTree('pax', ['big']);
    const parser = new TarParser(chunked(data, 700), { bufferBytes: 1 << 20 });
    while (await parser.next());
    // big: a PAX header block, its records, the header, 5000 bytes padded to 5120.
    expect(parser.end).toBe(3 * 512 + 5120);
    expect(data.subarray(parser.end).every((byte) => byte === 0)).toBe(true);
    expect(data.length - parser.end).toBeGreaterThanOrEqual(1024);
  });

  it('refuses a truncated archive and a corrupt header', async () => {
    const data = tarOfTree('pax', ['big']);
    await expect(parseAll(data.subarray(0, 2000), 512, 1000)).rejects.toMatchObject({
      reason: 'INVALID_LAYER',
      message: expect.stringContaining('truncated'),
    });
    await expect(parseAll(data.subarray(0, 2000), 512, 1 << 20)).rejects.toMatchObject({
      reason: 'INVALID_LAYER',
    });
    const corrupt = Buffer.from(data);
    corrupt[10] ^= 0xff;
    await expect(parseAll(corrupt, 512, 1000)).rejects.toMatchObject({
      reason: 'INVALID_LAYER',
      message: expect.stringContaining('checksum'),
    });
  });

  it('skips what the consumer leaves of a streamed body', async () => {
    const data = tarOfTree('gnu', ['big', 'empty']);
    const parser = new TarParser(chunked(data, 300), { bufferBytes: 100 });
    expect((await parser.next())?.header.name).toBe('big');
    expect((await parser.next())?.header.name).toBe('empty');
    expect(await parser.next()).toBeUndefined();
  });
});
