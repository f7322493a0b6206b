import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  chmod,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import * as tar from 'tar-stream';
import { writeLayer } from './layer-writer';
import { diffTrees } from './tree-diff';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-builder-layer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listTar(
  file: string,
): Promise<Array<{ name: string; type: string; linkname?: string; body: string }>> {
  const extract = tar.extract();
  createReadStream(file).pipe(createGunzip()).pipe(extract);
  const entries = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    entries.push({
      name: entry.header.name,
      type: entry.header.type as string,
      linkname: entry.header.linkname ?? undefined,
      body: Buffer.concat(chunks).toString(),
    });
  }
  return entries;
}

describe('diffTrees + writeLayer', () => {
  it('captures additions, changes, deletions, opaque directories and hard links', async () => {
    const lower = join(dir, 'lower');
    await mkdir(join(lower, 'etc'), { recursive: true });
    await mkdir(join(lower, 'gone'));
    await mkdir(join(lower, 'cache'));
    await writeFile(join(lower, 'etc/keep'), 'same');
    await writeFile(join(lower, 'etc/edit'), 'old');
    await writeFile(join(lower, 'etc/remove'), 'x');
    await writeFile(join(lower, 'gone/file'), 'x');
    await writeFile(join(lower, 'cache/a'), 'a');
    await writeFile(join(lower, 'cache/b'), 'b');
    const upper = join(dir, 'upper');
    execFileSync('cp', ['-a', lower, upper]);
    await writeFile(join(upper, 'etc/edit'), 'new content');
    await unlink(join(upper, 'etc/remove'));
    await rm(join(upper, 'gone'), { recursive: true });
    await rm(join(upper, 'cache/a'));
    await rm(join(upper, 'cache/b'));
    await writeFile(join(upper, 'cache/fresh'), 'f');
    await writeFile(join(upper, 'new'), 'n');
    await link(join(upper, 'new'), join(upper, 'new-link'));
    await symlink('etc/keep', join(upper, 'sym'));
    await chmod(join(upper, 'etc/keep'), 0o600);

    const changes = await diffTrees(lower, upper);
    const layer = await writeLayer(changes, join(dir, 'layer.tar.gz'));
    const entries = await listTar(layer.file);
    expect(entries.map((e) => `${e.type}:${e.name}`)).toEqual([
      'file:.wh.gone',
      'directory:cache/',
      'file:cache/.wh..wh..opq',
      'file:cache/fresh',
      'directory:etc/',
      'file:etc/.wh.remove',
      'file:etc/edit',
      'file:etc/keep',
      'file:new',
      'link:new-link',
      'symlink:sym',
    ]);
    expect(entries.find((e) => e.name === 'etc/edit')?.body).toBe('new content');
    expect(entries.find((e) => e.name === 'new-link')?.linkname).toBe('new');

    const blob = await readFile(layer.file);
    expect(layer.digest).toBe(`sha256:${createHash('sha256').update(blob).digest('hex')}`);
    expect(layer.size).toBe(blob.length);
    const tarBytes = execFileSync('gzip', ['-dc', layer.file]);
    expect(layer.diffId).toBe(`sha256:${createHash('sha256').update(tarBytes).digest('hex')}`);
  });

  it('writes the same layer whether its tar stays in memory or goes to a file on the way', async () => {
    const tree = join(dir, 'tree');
    await mkdir(join(tree, 'd'), { recursive: true });
    for (let i = 0; i < 20; i++) await writeFile(join(tree, 'd', `f${i}`), `file ${i}\n`.repeat(100 * i));
    const all = await diffTrees(undefined, tree);
    const inMemory = await writeLayer(all, join(dir, 'memory.tar.gz'));
    const spilled = await writeLayer(all, join(dir, 'spilled.tar.gz'), { inMemoryBytes: 4096 });
    expect(spilled.diffId).toBe(inMemory.diffId);
    expect(spilled.digest).toBe(inMemory.digest);
    expect((await listTar(spilled.file)).length).toBe(21);
    await expect(readFile(join(dir, 'spilled.tar.gz.tar'))).rejects.toThrow('ENOENT');
  });

  it('sees no change in an identical copy, and a content change hidden behind equal size and whole-second time', async () => {
    const lower = join(dir, 'lower');
    await mkdir(lower);
    await writeFile(join(lower, 'f'), 'aaaa');
    await utimes(join(lower, 'f'), 1_700_000_000, 1_700_000_000);
    const upper = join(dir, 'upper');
    execFileSync('cp', ['-a', lower, upper]);
    expect(await diffTrees(lower, upper)).toEqual([]);
    await writeFile(join(upper, 'f'), 'bbbb');
    await utimes(join(upper, 'f'), 1_700_000_000, 1_700_000_000);
    expect((await diffTrees(lower, upper)).map((c) => c.path)).toEqual(['f']);
  });

  it('trusts entries older than the ctime marker and still checks everything newer', async () => {
    const lower = join(dir, 'lower');
    await mkdir(lower);
    await writeFile(join(lower, 'untouched'), 'same');
    await writeFile(join(lower, 'edited'), 'aaaa');
    await utimes(join(lower, 'edited'), 1_700_000_000, 1_700_000_000);
    const upper = join(dir, 'upper');
    execFileSync('cp', ['-a', lower, upper]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(join(dir, 'marker'), '');
    const { ctimeMs } = await lstat(join(dir, 'marker'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Same size and same whole-second mtime: only the content (and the ctime) tell.
    await writeFile(join(upper, 'edited'), 'bbbb');
    await utimes(join(upper, 'edited'), 1_700_000_000, 1_700_000_000);
    const changes = await diffTrees(lower, upper, { unchangedBeforeCtimeMs: ctimeMs });
    expect(changes.map((c) => c.path)).toEqual(['edited']);
  });

  it('diffs against nothing for a first layer', async () => {
    const upper = join(dir, 'upper');
    await mkdir(join(upper, 'bin'), { recursive: true });
    await writeFile(join(upper, 'bin/sh'), '#!');
    expect((await diffTrees(undefined, upper)).map((c) => c.path)).toEqual(['bin', 'bin/sh']);
  });
});
