import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { NotFoundError, RegistryClient, type BlobProgress } from '../src';
import { blobNames, readBlob, useTempDirs } from './helpers';

describe('against a plain HTTP registry', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  let client: RegistryClient;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });
  beforeEach(() => {
    client = new RegistryClient({ dockerConfig: false });
  });
  afterEach(async () => {
    await client.close();
  });

  it('pushes the busybox layout and pulls back the same bytes', async () => {
    const pushed = await client.push(busybox.dir, `${registry.host}/berth/busybox:1.0`);
    expect(pushed.digest).toBe(busybox.manifestDigest);

    const dir = await tempDir();
    const progress: BlobProgress[] = [];
    const pulled = await client.pull(`${registry.host}/berth/busybox:1.0`, dir, {
      onProgress: (p) => progress.push(p),
    });
    expect(pulled.digest).toBe(busybox.manifestDigest);
    expect(pulled.config.digest).toBe(busybox.configDigest);
    expect(await blobNames(dir)).toEqual(await blobNames(busybox.dir));
    for (const digest of [busybox.manifestDigest, busybox.configDigest, busybox.layerDigest]) {
      expect((await readBlob(dir, digest)).equals(await readBlob(busybox.dir, digest))).toBe(true);
    }
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    expect(index.manifests).toEqual([
      expect.objectContaining({
        digest: busybox.manifestDigest,
        annotations: { 'org.opencontainers.image.ref.name': '1.0' },
      }),
    ]);
    const layerDone = progress.filter((p) => p.digest === busybox.layerDigest && p.state === 'done');
    expect(layerDone).toHaveLength(1);
    expect(layerDone[0]?.done).toBe(layerDone[0]?.total);
  });

  it('resolves digests, lists tags with pagination and the catalog, deletes', async () => {
    const repo = `${registry.host}/berth/listing`;
    for (const tag of ['a', 'b', 'c']) await client.push(busybox.dir, `${repo}:${tag}`);
    expect((await client.digest(`${repo}:b`)).digest).toBe(busybox.manifestDigest);
    // distribution 2.8 ignores `n` for tags (one page, directory order); its catalog pages by Link.
    expect((await client.tags(repo, 1)).sort()).toEqual(['a', 'b', 'c']);
    await client.push(busybox.dir, `${registry.host}/berth/listing-2:a`);
    const catalog = await client.catalog(registry.host, 1);
    expect(catalog).toEqual(expect.arrayContaining(['berth/listing', 'berth/listing-2']));
    expect(new Set(catalog).size).toBe(catalog.length);
    await client.delete(`${repo}:a`);
    await expect(client.manifest(`${repo}@${busybox.manifestDigest}`)).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'NotFound',
      reason: 'MANIFEST_UNKNOWN',
    });
  });

  it('uploads in chunks and the registry assembles the same blob', async () => {
    const progress: BlobProgress[] = [];
    await client.push(busybox.dir, `${registry.host}/berth/chunked:1`, {
      chunkSize: 64 * 1024,
      onProgress: (p) => progress.push(p),
    });
    const layerSize = (await readBlob(busybox.dir, busybox.layerDigest)).byteLength;
    expect(layerSize).toBeGreaterThan(3 * 64 * 1024);
    const dir = await tempDir();
    await client.pull(`${registry.host}/berth/chunked:1`, dir);
    expect(
      (await readBlob(dir, busybox.layerDigest)).equals(await readBlob(busybox.dir, busybox.layerDigest)),
    ).toBe(true);
    expect(progress.find((p) => p.digest === busybox.layerDigest && p.state === 'done')?.done).toBe(
      layerSize,
    );
  });

  it('mounts blobs from another repository instead of uploading them', async () => {
    await client.push(busybox.dir, `${registry.host}/berth/source:1`);
    const progress: BlobProgress[] = [];
    await client.push(busybox.dir, `${registry.host}/berth/mounted:1`, {
      mountFrom: 'berth/source',
      onProgress: (p) => progress.push(p),
    });
    const states = progress.filter((p) => p.state !== 'transferring').map((p) => p.state);
    expect(states).toEqual(['mounted', 'mounted']);

    const copied: BlobProgress[] = [];
    await client.copy(`${registry.host}/berth/source:1`, `${registry.host}/berth/copied:2`, {
      onProgress: (p) => copied.push(p),
    });
    expect(copied.map((p) => p.state)).toEqual(['mounted', 'mounted']);
    expect((await client.digest(`${registry.host}/berth/copied:2`)).digest).toBe(busybox.manifestDigest);
  });

  it('copies between two registries by streaming blobs, verified on the way', async () => {
    const other = await startRegistry();
    try {
      await client.push(busybox.dir, `${registry.host}/berth/export:1`);
      const progress: BlobProgress[] = [];
      const copied = await client.copy(`${registry.host}/berth/export:1`, `${other.host}/imported/busybox`, {
        onProgress: (p) => progress.push(p),
      });
      expect(copied.digest).toBe(busybox.manifestDigest);
      expect(
        progress
          .filter((p) => p.state === 'done')
          .map((p) => p.digest)
          .sort(),
      ).toEqual([busybox.configDigest, busybox.layerDigest].sort());
      // No tag on the destination means `latest`, as with skopeo and crane.
      expect(await client.tags(`${other.host}/imported/busybox`)).toEqual(['latest']);
      const dir = await tempDir();
      await client.pull(`${other.host}/imported/busybox`, dir);
      expect(
        (await readBlob(dir, busybox.layerDigest)).equals(await readBlob(busybox.dir, busybox.layerDigest)),
      ).toBe(true);
    } finally {
      await other.stop();
    }
  });

  it('pushes by digest, and refuses a digest that is not the layout image', async () => {
    const pushed = await client.push(
      busybox.dir,
      `${registry.host}/berth/by-digest@${busybox.manifestDigest}`,
    );
    expect(pushed.digest).toBe(busybox.manifestDigest);
    expect((await client.manifest(`${registry.host}/berth/by-digest@${busybox.manifestDigest}`)).digest).toBe(
      busybox.manifestDigest,
    );
    await expect(
      client.push(busybox.dir, `${registry.host}/berth/by-digest@${busybox.layerDigest}`),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('reports a missing image as NotFound with the registry code', async () => {
    await expect(client.pull(`${registry.host}/berth/nothing:here`, await tempDir())).rejects.toMatchObject({
      code: 'NotFound',
      reason: expect.stringMatching(/MANIFEST_UNKNOWN|NAME_UNKNOWN/),
    });
  });
});
