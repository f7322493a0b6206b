import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';

import { busyboxLayout, type BusyboxLayout } from '@berth/fixtures';

import { ImageStore } from '../src';
import { tarOf } from './support/layers';
import { unmountUnder } from './support/mounts';

// Needs root. Archives must interoperate with podman (docker's formats, without a docker daemon
// here) and skopeo: what the store exports they load, what they save the store imports.

describe('image archives', () => {
  let work: string;
  let busybox: BusyboxLayout;
  let store: ImageStore;
  let podman: (...args: string[]) => string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-archive-'));
    busybox = await busyboxLayout();
    ({ store } = await ImageStore.open({ root: join(work, 'store') }));
    await store.importLayoutDir(busybox.dir, { name: 'localhost/bb:1' });
    // podman with storage of its own in the temp dir (vfs: nothing mounted).
    const flags = [
      '--root',
      join(work, 'podman'),
      '--runroot',
      join(work, 'podman-run'),
      '--storage-driver',
      'vfs',
    ];
    podman = (...args) =>
      execFileSync('podman', [...flags, '--events-backend', 'none', ...args], { stdio: 'pipe' }).toString();
  });

  afterAll(async () => {
    await store?.close();
    unmountUnder(work);
    rmSync(work, { recursive: true, force: true });
  });

  it('exports one archive that podman loads and skopeo reads in both formats', async () => {
    const archive = join(work, 'export.tar');
    const out = createWriteStream(archive);
    await store.exportArchive(['localhost/bb:1'], out);
    out.end();
    await finished(out);
    expect(podman('load', '-i', archive)).toMatch(/Loaded image: localhost\/bb:1/);
    const inspected = JSON.parse(podman('image', 'inspect', 'localhost/bb:1'))[0];
    expect(inspected.RootFS.Layers).toEqual([busybox.diffId]);
    expect(
      JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}:1`]).toString()).Digest,
    ).toBe(busybox.manifestDigest);
  });

  it.each(['docker-archive', 'oci-archive'])('imports what podman saves as %s', async (format) => {
    const archive = join(work, `${format}.tar`);
    podman('save', '--format', format, '-o', archive, 'localhost/bb:1');
    await store.remove('localhost/bb:1');
    await store.prune();
    const imported = await store.importArchive(createReadStream(archive), {
      name: `localhost/from-${format}:1`,
    });
    expect(imported.map((image) => image.name)).toEqual([`localhost/from-${format}:1`]);
    expect(imported[0]!.layers.map((layer) => layer.diffId)).toEqual([busybox.diffId]);
    expect(imported[0]!.chainId).toBe(busybox.diffId);
    expect(store.snapshots.has(busybox.diffId)).toBe(true);
    // Without a name, the archive's own names are used.
    await store.remove(`localhost/from-${format}:1`);
    const named = await store.importArchive(createReadStream(archive));
    expect(named.map((image) => image.name)).toEqual(['localhost/bb:1']);
    const validated = execFileSync('oci-image-tool', [
      'validate',
      '--type',
      'image',
      '--ref',
      'name=localhost/bb:1',
      store.content.layoutDir,
    ]);
    expect(validated.toString()).toMatch(/Validation succeeded/);
  });

  it('refuses an archive member that would land outside, and leaves no temp files', async () => {
    const evil = join(work, 'evil.tar');
    writeFileSync(evil, tarOf([{ name: '../../escape', content: 'x' }]));
    await expect(store.importArchive(createReadStream(evil))).rejects.toMatchObject({
      reason: 'UNSAFE_LAYER_ENTRY',
    });
    expect(readdirSync(join(work, 'store', 'tmp'))).toEqual([]);
    expect(readdirSync(work).sort()).not.toContain('escape');
  });
});
