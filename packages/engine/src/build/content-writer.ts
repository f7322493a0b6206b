// Puts what a build made into berth-images: layer files and the config and manifest blobs go
// through WriteContent (verified by the store before they become visible), then CreateImage
// names the manifest with the build's tags (or stores it untagged).
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { LayerRef, StoredImage } from '@berth/builder';
import { types, type images } from '@berth/api';
import { MediaTypes, type ImageConfig } from '@berth/oci';

import type { ComponentClients } from '../components/component-clients';

/** Bytes per WriteContent message: well under gRPC's 4 MiB message limit. */
const CHUNK_BYTES = 1 << 20;

function writeContent(
  clients: ComponentClients,
  digest: string,
  size: number,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<images.v1.WriteContentResponse> {
  return new Promise((resolve, reject) => {
    const call = clients.images.raw.writeContent((err, response) => {
      if (err) void clients.images.toBerthError(err).then(reject);
      else resolve(response);
    });
    void (async () => {
      let first = true;
      for await (const data of chunks) {
        const message = first ? { digest, size, data } : { digest: '', size: 0, data };
        first = false;
        if (!call.write(message)) await new Promise((drained) => call.once('drain', drained));
      }
      if (first) call.write({ digest, size, data: Buffer.alloc(0) });
      call.end();
    })().catch((err: unknown) => {
      call.cancel();
      reject(err as Error);
    });
  });
}

export async function writeContentFile(
  clients: ComponentClients,
  file: string,
  digest: string,
  size: number,
): Promise<void> {
  await writeContent(clients, digest, size, createReadStream(file, { highWaterMark: CHUNK_BYTES }));
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

async function writeContentBuffer(clients: ComponentClients, data: Buffer): Promise<string> {
  const digest = sha256(data);
  await writeContent(clients, digest, data.length, [data]);
  return digest;
}

async function allTagsName(
  clients: ComponentClients,
  tags: readonly string[],
  manifestDigest: string,
): Promise<boolean> {
  const named = await Promise.all(
    tags.map((name) =>
      clients.images.call.get({ name }).then(
        (image) => image.manifestDigest === manifestDigest,
        () => false,
      ),
    ),
  );
  return named.every(Boolean);
}

export async function storeBuiltImage(
  clients: ComponentClients,
  config: ImageConfig,
  layers: readonly LayerRef[],
  tags: readonly string[],
): Promise<StoredImage> {
  const configBlob = Buffer.from(JSON.stringify(config));
  const configDigest = sha256(configBlob);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.OciManifest,
      config: { mediaType: MediaTypes.OciConfig, digest: configDigest, size: configBlob.length },
      layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size })),
    }),
  );
  const manifestDigest = sha256(manifest);
  // A rebuild that changed nothing: every tag already names this manifest (so its blobs are
  // stored), and writing it all again would only cost the store's fsyncs.
  if (tags.length > 0 && (await allTagsName(clients, tags, manifestDigest)))
    return { id: configDigest, manifestDigest };
  await Promise.all([writeContentBuffer(clients, configBlob), writeContentBuffer(clients, manifest)]);
  await clients.images.call.createImage({
    target: types.v1.Descriptor.fromPartial({
      mediaType: MediaTypes.OciManifest,
      digest: manifestDigest,
      size: manifest.length,
    }),
    // No tags: stored untagged (docker's <none>:<none>), found by its ID until tagged or pruned.
    names: [...tags],
    labels: {},
  });
  return { id: configDigest, manifestDigest };
}
