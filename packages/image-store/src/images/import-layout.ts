import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  IMAGE_LAYOUT_FILE,
  IMAGE_LAYOUT_INDEX_FILE,
  parseImageLayout,
  parseIndex,
  type Descriptor,
} from '@berth/oci';
import { InvalidArgumentError } from '@berth/kit';

import { blobFilePath } from '../content/blob-paths';
import type { ContentStore } from '../content/content-store';
import { REF_NAME_ANNOTATION } from '../content/layout';
import { reachableBlobsFrom } from './blob-graph';

export interface LayoutImage {
  /** The `org.opencontainers.image.ref.name` annotation, if the index gives one. */
  refName?: string;
  annotations: Record<string, string>;
  target: Descriptor;
}

/**
 * Copies the images of an OCI image layout directory into the store, every blob through the
 * ingest area (so each is digest-checked), and returns the index entries. Naming them is the
 * caller's choice.
 */
export async function importLayout(
  content: ContentStore,
  dir: string,
  /** Called with an image's blobs before they are stored, so the caller can lease them against GC. */
  onBlobs: (digests: string[]) => Promise<void> = async () => undefined,
): Promise<LayoutImage[]> {
  try {
    parseImageLayout(JSON.parse(await readFile(join(dir, IMAGE_LAYOUT_FILE), 'utf8')));
  } catch (error) {
    throw new InvalidArgumentError(`${dir} is not an OCI image layout: ${(error as Error).message}`, {
      reason: 'INVALID_LAYOUT',
      cause: error,
    });
  }
  const index = parseIndex(JSON.parse(await readFile(join(dir, IMAGE_LAYOUT_INDEX_FILE), 'utf8')));
  const readJson = async (digest: string) =>
    JSON.parse(await readFile(blobFilePath(dir, digest), 'utf8')) as unknown;
  for (const entry of index.manifests) {
    const blobs = await reachableBlobsFrom(entry, readJson, async (digest) =>
      exists(blobFilePath(dir, digest)),
    );
    await onBlobs(blobs.map((blob) => blob.digest));
    for (const blob of blobs) {
      await content.fetch({
        expected: { digest: blob.digest, size: blob.size },
        open: async (offset) => createReadStream(blobFilePath(dir, blob.digest), { start: offset }),
      });
    }
  }
  return index.manifests.map((entry) => {
    const image: LayoutImage = {
      annotations: { ...(entry.annotations ?? {}) },
      target: { mediaType: entry.mediaType, digest: entry.digest, size: entry.size },
    };
    const refName = entry.annotations?.[REF_NAME_ANNOTATION];
    if (refName !== undefined) image.refName = refName;
    return image;
  });
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
