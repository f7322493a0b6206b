import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { DigestMismatchError } from '@berth/oci';
import { InvalidArgumentError, NotFoundError, RegistryClient, type BlobProgress } from '../src';
import { buildForeignLayerLayout, startBlobServer, type BlobServer } from './foreign-layer';
import { blobNames, readBlob, useTempDirs } from './helpers';

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('openBlob and foreign layers', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  let layer: Buffer;
  let server: BlobServer;
  let client: RegistryClient;
  const tempDir = useTempDirs();

  beforeAll(async () => {
    busybox = await busyboxLayout();
    layer = await readBlob(busybox.dir, busybox.layerDigest);
    // distribution refuses manifests naming URLs unless its validation allows them.
    registry = await startRegistry({ allowManifestUrls: ['^http://127\\.0\\.0\\.1:'] });
    server = await startBlobServer(layer);
  });
  afterAll(async () => {
    await server?.close();
    await registry?.stop();
  });
  beforeEach(() => {
    client = new RegistryClient({ dockerConfig: false });
  });
  afterEach(async () => {
    server.serve(layer);
    await client.close();
  });

  it('openBlob streams a blob from an offset (ranged read), and refuses a bad offset', async () => {
    const repo = `${registry.host}/berth/open-blob`;
    await client.push(busybox.dir, `${repo}:1`);
    expect((await readAll(await client.openBlob(repo, busybox.layerDigest))).equals(layer)).toBe(true);
    const offset = 1000;
    const rest = await readAll(await client.openBlob(repo, busybox.layerDigest, { offset }));
    expect(rest.equals(layer.subarray(offset))).toBe(true);
    // A source that ignores Range (the URL server answers 200) still starts exactly at the offset.
    const fromUrl = await client.openBlob(
      repo,
      { digest: busybox.layerDigest, urls: [server.url] },
      { offset },
    );
    expect((await readAll(fromUrl)).equals(layer.subarray(offset))).toBe(true);
    await expect(client.openBlob(repo, busybox.layerDigest, { offset: -1 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it('pushes a foreign layer by reference only, and pulls it from its URL verified by digest', async () => {
    const layout = await tempDir();
    const manifestDigest = await buildForeignLayerLayout(busybox, layout, server.url);
    const repo = `${registry.host}/berth/foreign`;
    const progress: BlobProgress[] = [];
    const pushed = await client.push(layout, `${repo}:1`, { onProgress: (p) => progress.push(p) });
    expect(pushed.digest).toBe(manifestDigest);
    expect(progress.find((p) => p.digest === busybox.layerDigest)?.state).toBe('foreign');
    // Never uploaded: the registry does not have it.
    await expect(client.openBlob(repo, busybox.layerDigest)).rejects.toBeInstanceOf(NotFoundError);

    const before = server.gets();
    const dir = await tempDir();
    const pulled = await client.pull(`${repo}:1`, dir);
    expect(pulled.digest).toBe(manifestDigest);
    expect(server.gets()).toBe(before + 1);
    expect((await readBlob(dir, busybox.layerDigest)).equals(layer)).toBe(true);

    // A URL that serves other bytes: the pull fails on the digest and keeps nothing of the layer.
    const wrong = Buffer.from(layer);
    wrong[100] = (wrong[100] ?? 0) ^ 0xff;
    server.serve(wrong);
    const tampered = await tempDir();
    await expect(client.pull(`${repo}:1`, tampered)).rejects.toBeInstanceOf(DigestMismatchError);
    const left = await blobNames(tampered).catch(() => []);
    expect(left.filter((name) => name.includes(busybox.layerDigest.slice(7)))).toEqual([]);
    expect(
      JSON.parse(await readFile(join(tampered, 'index.json'), 'utf8').catch(() => '{}')).manifests,
    ).toBeUndefined();
  });
});
