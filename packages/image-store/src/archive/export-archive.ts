import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

import { familiarString, parseReference, MediaTypes, layoutBlobPath, type Descriptor } from '@berth/oci';
import * as tarStream from 'tar-stream';

import type { ContentStore } from '../content/content-store';
import { REF_NAME_ANNOTATION } from '../content/layout';
import type { ImageRecord } from '../images/image-records';
import { loadLocalImage, reachableBlobs } from '../images/local-image';
import { writeWithBackpressure } from '../stream-write';

/** Docker and containerd read the full image name of an archive entry from this annotation. */
export const IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';

/**
 * Writes one tar that is both an OCI image layout (oci-layout, index.json, blobs/) and a
 * `docker save` tarball (manifest.json pointing into the same blobs), like docker 25+ does, so
 * `docker load`, `skopeo copy oci-archive:` / `docker-archive:` and Berth's import all read it.
 */
export async function exportArchive(
  content: ContentStore,
  records: readonly ImageRecord[],
  out: Writable,
): Promise<void> {
  const pack = tarStream.pack();
  const piping = (async () => {
    for await (const chunk of pack) await writeWithBackpressure(out, chunk as Buffer, 'archive output');
  })();
  const addEntry = (name: string, data: Buffer) =>
    new Promise<void>((resolve, reject) =>
      pack.entry({ name, size: data.length, mode: 0o644, mtime: new Date(0) }, data, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  try {
    const blobs = new Map<string, Descriptor>();
    const indexEntries: Descriptor[] = [];
    const dockerManifest: Array<{ Config: string; RepoTags: string[]; Layers: string[] }> = [];
    for (const record of records) {
      for (const blob of await reachableBlobs(content, record.target)) blobs.set(blob.digest, blob);
      const reference = parseReference(record.name);
      const annotations: Record<string, string> = { [IMAGE_NAME_ANNOTATION]: record.name };
      if (reference.tag !== undefined) annotations[REF_NAME_ANNOTATION] = reference.tag;
      indexEntries.push({ ...record.target, annotations });
      const image = await loadLocalImage(content, record.target);
      dockerManifest.push({
        Config: layoutBlobPath(image.configDescriptor.digest),
        RepoTags: reference.tag !== undefined ? [familiarString(reference)] : [],
        Layers: image.manifest.layers.map((layer) => layoutBlobPath(layer.digest)),
      });
    }
    await addEntry('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
    for (const blob of blobs.values()) {
      const info = await content.info(blob.digest);
      const entry = pack.entry({
        name: layoutBlobPath(blob.digest),
        size: info.size,
        mode: 0o644,
        mtime: new Date(0),
      });
      const done = once(entry, 'finish');
      for await (const chunk of createReadStream(content.blobPath(blob.digest))) {
        await writeWithBackpressure(entry as never, chunk as Buffer, 'archive entry');
      }
      // streamx declares end(data) but ends without writing when given nothing.
      (entry as unknown as { end(): void }).end();
      await done;
    }
    const index = { schemaVersion: 2, mediaType: MediaTypes.OciIndex, manifests: indexEntries };
    await addEntry('index.json', Buffer.from(JSON.stringify(index)));
    await addEntry('manifest.json', Buffer.from(JSON.stringify(dockerManifest)));
    pack.finalize();
    await piping;
  } catch (error) {
    pack.destroy(error as Error);
    await piping.catch(() => undefined);
    throw error;
  }
}
