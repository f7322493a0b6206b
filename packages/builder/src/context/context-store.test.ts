import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { ContextStore } from './context-store';
import { IgnoreMatcher } from './dockerignore';
import { contextManifest, packContextFiles, type ContextManifestEntry } from './manifest';

let dir: string;
let client: string;
let store: ContextStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-builder-ctxstore-'));
  client = join(dir, 'client');
  store = new ContextStore(join(dir, 'contexts'), 2);
  await mkdir(join(client, 'src'), { recursive: true });
  await writeFile(join(client, 'src', 'a.txt'), 'a');
  await writeFile(join(client, 'src', 'b.txt'), 'b');
  await writeFile(join(client, 'skip.log'), 'no');
  await symlink('src/a.txt', join(client, 'link'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One incremental upload as the CLI and berthd do it; returns the files the engine asked for. */
async function upload(id = 'host:/ctx'): Promise<{ wanted: string[]; tree: string }> {
  const checkout = await store.checkout(id, join(dir, 'scratch'));
  try {
    const wanted = await checkout.sync(await contextManifest(client, new IgnoreMatcher(['*.log'])));
    await checkout.receive(packContextFiles(client, wanted));
    return { wanted, tree: checkout.dir };
  } finally {
    await checkout.release();
  }
}

describe('ContextStore', () => {
  it('asks only for new or changed files and mirrors removals, links and directories', async () => {
    const first = await upload();
    expect(first.wanted).toEqual(['src/a.txt', 'src/b.txt']);
    expect(await readlink(join(first.tree, 'link'))).toBe('src/a.txt');
    expect((await upload()).wanted).toEqual([]);

    await writeFile(join(client, 'src', 'b.txt'), 'B2');
    await rm(join(client, 'src', 'a.txt'));
    await mkdir(join(client, 'src', 'a.txt'));
    await writeFile(join(client, 'src', 'a.txt', 'inner'), 'i');
    await rm(join(client, 'link'));
    await symlink('src/b.txt', join(client, 'link'));
    const second = await upload();
    expect(second.wanted).toEqual(['src/a.txt/inner', 'src/b.txt']);
    expect(await readFile(join(second.tree, 'src/b.txt'), 'utf8')).toBe('B2');
    expect(await readFile(join(second.tree, 'src/a.txt/inner'), 'utf8')).toBe('i');
    expect(await readlink(join(second.tree, 'link'))).toBe('src/b.txt');
    expect((await readdir(second.tree)).sort()).toEqual(['link', 'src']);

    // Same size, other content: the mtime tells (as BuildKit's file sync decides).
    await writeFile(join(client, 'src', 'b.txt'), 'B3');
    await utimes(join(client, 'src', 'b.txt'), 1_000_000, 1_000_000);
    expect((await upload()).wanted).toEqual(['src/b.txt']);
  });

  it('sends everything again when the kept copy was damaged or is in use by another build', async () => {
    const { tree } = await upload();
    await writeFile(join(tree, 'src', 'a.txt'), 'truncated or changed behind our back');
    expect((await upload()).wanted).toEqual(['src/a.txt']);

    const busy = await store.checkout('host:/ctx', join(dir, 'scratch-1'));
    try {
      const other = await store.checkout('host:/ctx', join(dir, 'scratch-2'));
      expect(other.dir).toBe(join(dir, 'scratch-2'));
      expect(await other.sync(await contextManifest(client))).toHaveLength(3);
      await other.release();
    } finally {
      await busy.release();
    }
  });

  it('keeps at most `keep` copies', async () => {
    for (const id of ['one', 'two', 'three']) await upload(id);
    expect(await readdir(join(dir, 'contexts'))).toHaveLength(2);
  });

  const file = (path: string): ContextManifestEntry => ({
    path,
    mode: 0o100644,
    size: 1,
    mtimeMs: 1,
    linkTarget: '',
  });
  it.each([
    ['a path climbing out', [file('../x')]],
    ['an absolute path', [file('/x')]],
    ['a path through a symlink', [{ ...file('l'), mode: 0o120777, linkTarget: '/' }, file('l/x')]],
    ['a path under an unlisted directory', [file('d/x')]],
    ['a device', [{ ...file('dev'), mode: 0o020644 }]],
  ])('refuses a manifest with %s', async (_what, entries) => {
    const checkout = await store.checkout('bad', join(dir, 'scratch'));
    await expect(checkout.sync(entries)).rejects.toMatchObject({ reason: 'CONTEXT_MANIFEST_INVALID' });
    await checkout.release();
  });

  it('refuses an upload holding files it did not ask for', async () => {
    const checkout = await store.checkout('extra', join(dir, 'scratch'));
    try {
      expect(await checkout.sync([file('a')])).toEqual(['a']);
      const pack = tar.pack();
      pack.entry({ name: 'a', type: 'file' }, 'x');
      pack.entry({ name: 'b', type: 'file' }, 'x');
      pack.finalize();
      await expect(checkout.receive(Readable.from(pack))).rejects.toMatchObject({
        reason: 'CONTEXT_MANIFEST_INVALID',
      });
    } finally {
      await checkout.release();
    }
  });
});
