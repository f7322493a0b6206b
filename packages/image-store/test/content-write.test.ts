import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { status } from '@grpc/grpc-js';
import { createImagesClient, types, type ImagesServiceClient } from '@berth/api';

import { startDaemon, type RunningDaemon } from './support/daemon';
import { gzip, tarOf } from './support/layers';

// WriteContent + CreateImage over a real berth-images: what berthd's Build stores its images with.

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function write(
  client: ImagesServiceClient,
  digest: string,
  size: number,
  chunks: Buffer[],
): Promise<{ digest: string; size: number; existed: boolean }> {
  return new Promise((resolve, reject) => {
    const call = client.images.writeContent((err, res) => (err ? reject(err) : resolve(res!)));
    chunks.forEach((data, index) =>
      call.write(index === 0 ? { digest, size, data } : { digest: '', size: 0, data }),
    );
    call.end();
  });
}

function unary<T>(call: (callback: (err: Error | null, res?: T) => void) => unknown): Promise<T> {
  return new Promise((resolve, reject) => call((err, res) => (err ? reject(err) : resolve(res as T))));
}

describe('WriteContent and CreateImage', () => {
  let work: string;
  let daemon: RunningDaemon;
  let client: ImagesServiceClient;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bi-content-'));
    daemon = await startDaemon(join(work, 'root'), join(work, 'images.sock'));
    client = createImagesClient(daemon.socket);
  });

  afterAll(async () => {
    client?.close();
    await daemon?.kill();
    rmSync(work, { recursive: true, force: true });
  });

  it('stores verified blobs and names a manifest made of them', async () => {
    const tar = tarOf([{ name: 'hello', content: Buffer.from('hi\n') }]);
    const layer = gzip(tar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['/hello'] },
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
        history: [{ created_by: 'COPY hello /' }],
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: sha256(config),
          size: config.length,
        },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            digest: sha256(layer),
            size: layer.length,
          },
        ],
      }),
    );
    const half = Math.floor(layer.length / 2);
    expect(
      await write(client, sha256(layer), layer.length, [layer.subarray(0, half), layer.subarray(half)]),
    ).toEqual({
      digest: sha256(layer),
      size: layer.length,
      existed: false,
    });
    expect((await write(client, sha256(layer), layer.length, [layer])).existed).toBe(true);
    const target = types.v1.Descriptor.fromPartial({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(manifest),
      size: manifest.length,
    });
    // The manifest is not stored yet: naming it fails and names nothing.
    await expect(
      new Promise((resolve, reject) =>
        client.images.createImage({ target, names: ['built:1'], labels: {} }, (err, res) =>
          err ? reject(err) : resolve(res),
        ),
      ),
    ).rejects.toMatchObject({ code: status.NOT_FOUND, details: expect.stringContaining(sha256(manifest)) });
    await write(client, sha256(config), config.length, [config]);
    await write(client, sha256(manifest), manifest.length, [manifest]);
    const created = await new Promise<{ images: { name: string }[] }>((resolve, reject) =>
      client.images.createImage(
        { target, names: ['built:1', 'example.test/built:2'], labels: {} },
        (err, res) => (err ? reject(err) : resolve(res!)),
      ),
    );
    expect(created.images.map((image) => image.name)).toEqual([
      'docker.io/library/built:1',
      'example.test/built:2',
    ]);
    const details = await new Promise<{ configDigest: string; history: { createdBy: string }[] }>(
      (resolve, reject) =>
        client.images.get({ name: 'built:1' }, (err, res) => (err ? reject(err) : resolve(res!))),
    );
    expect(details.configDigest).toBe(sha256(config));
    expect(details.history.map((entry) => entry.createdBy)).toEqual(['COPY hello /']);
  });

  it('refuses bytes that do not match the digest and keeps nothing', async () => {
    const data = Buffer.from('some bytes');
    const claimed = sha256(Buffer.from('other bytes'));
    await expect(write(client, claimed, data.length, [data])).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('digest mismatch'),
    });
    await expect(write(client, 'sha256:nothex', 1, [Buffer.from('x')])).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    expect(existsSync(join(work, 'root', 'content', 'blobs', 'sha256', claimed.slice(7)))).toBe(false);
  });

  it('finds images by ID, keeps an untagged one until tagged or pruned, reports missing blobs', async () => {
    const tar = tarOf([{ name: 'other', content: Buffer.from('other\n') }]);
    const layer = gzip(tar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: ['/other'] },
        rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: sha256(config),
          size: config.length,
        },
        layers: [
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            digest: sha256(layer),
            size: layer.length,
          },
        ],
      }),
    );
    for (const blob of [layer, config, manifest]) await write(client, sha256(blob), blob.length, [blob]);
    const id = sha256(config);
    const missing = `sha256:${'0'.repeat(64)}`;
    expect(
      await unary<{ missing: string[] }>((cb) =>
        client.images.blobStatus({ digests: [sha256(layer), missing] }, cb),
      ),
    ).toEqual({ missing: [missing] });

    const target = types.v1.Descriptor.fromPartial({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(manifest),
      size: manifest.length,
    });
    const created = await unary<{ images: { name: string; configDigest: string }[] }>((cb) =>
      client.images.createImage({ target, names: [], labels: {} }, cb),
    );
    expect(created.images).toEqual([expect.objectContaining({ name: sha256(manifest), configDigest: id })]);
    for (const reference of [id, id.slice(7), id.slice(7, 19), `sha256:${id.slice(7, 19)}`]) {
      const found = await unary<{ image?: { name: string }; configDigest: string }>((cb) =>
        client.images.get({ name: reference }, cb),
      );
      expect(found).toMatchObject({ image: { name: sha256(manifest) }, configDigest: id });
    }
    await expect(unary((cb) => client.images.get({ name: id.slice(7, 18) }, cb))).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });

    // Tagged by a short ID, it is a named image: the untagged record goes.
    await unary((cb) => client.images.tag({ source: id.slice(7, 19), target: 'other:1' }, cb));
    const listed = await unary<{ images: { name: string; configDigest: string }[] }>((cb) =>
      client.images.list({ name: '' }, cb),
    );
    expect(listed.images.filter((image) => image.configDigest === id).map((image) => image.name)).toEqual([
      'docker.io/library/other:1',
    ]);
    await unary((cb) => client.images.remove({ name: 'other:1' }, cb));

    // Untagged again (a rebuild without -t), then pruned as a dangling image.
    await unary((cb) => client.images.createImage({ target, names: [], labels: {} }, cb));
    const pruned = await unary<{ removedImages: string[] }>((cb) => client.images.prune({ all: false }, cb));
    expect(pruned.removedImages).toEqual([sha256(manifest)]);
    await expect(unary((cb) => client.images.get({ name: id }, cb))).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    // The named image of the first test stays; by ID with two names, removal must name one.
    const named = await unary<{ configDigest: string }>((cb) => client.images.get({ name: 'built:1' }, cb));
    await expect(
      unary((cb) => client.images.remove({ name: named.configDigest.slice(7, 19) }, cb)),
    ).rejects.toMatchObject({
      code: status.FAILED_PRECONDITION,
      details: expect.stringContaining('built:2'),
    });
  });
});
