import {
  isNonDistributableLayer,
  parseManifestDocument,
  type Descriptor,
  type ImageManifest,
} from '@berth/oci';
import { uploadBlob, type BlobSource, type UploadOutcome } from '../blobs/blob-upload';
import type { BlobProgress, ProgressCallback } from '../client-options';
import { forEachLimited } from '../concurrency';
import { ConnectionError, LayoutError, RegistryUnavailableError, TooManyRequestsError } from '../errors';
import type { ImageLayoutDir } from '../layout/image-layout';
import { putManifest } from '../registry/manifests';
import type { RegistryHost } from '../registry/registry-host';
import type { TransferSettings } from './transfer-settings';

export interface PushOptions {
  /** PATCH chunk size; default: one monolithic PUT per blob. */
  readonly chunkSize?: number;
  /** A repository on the same registry that has the blobs: mounted instead of uploaded. */
  readonly mountFrom?: string;
  readonly onProgress?: ProgressCallback;
}

/** Where a push reads manifests and blobs from: a layout, or another registry (copy). */
export interface ImageSource {
  manifestBytes(descriptor: Descriptor): Promise<Buffer>;
  blob(descriptor: Descriptor): Promise<BlobSource>;
  /** A repository on the destination registry known to hold the blobs, for mounts. */
  readonly mountFrom?: string;
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const UPLOAD_ATTEMPTS = 3;

function isTransient(error: unknown): boolean {
  return (
    (error instanceof ConnectionError && error.reason !== 'TLS_FAILED') ||
    error instanceof RegistryUnavailableError ||
    error instanceof TooManyRequestsError
  );
}

export function layoutImageSource(
  layout: ImageLayoutDir,
  loadBlob: (d: Descriptor) => Promise<BlobSource>,
): ImageSource {
  return { manifestBytes: (d) => layout.readBlob(d.digest, MAX_MANIFEST_BYTES), blob: loadBlob };
}

export interface PushResult {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

async function pushBlobs(
  host: RegistryHost,
  repository: string,
  image: ImageManifest,
  source: ImageSource,
  settings: TransferSettings,
  options: PushOptions,
): Promise<void> {
  const blobs = [image.config, ...image.layers].filter(
    (b, i, all) => all.findIndex((o) => o.digest === b.digest) === i,
  );
  await forEachLimited(blobs, settings.concurrency, async (descriptor) => {
    let done = 0;
    const report = (state: BlobProgress['state']): void =>
      options.onProgress?.({
        digest: descriptor.digest,
        mediaType: descriptor.mediaType,
        done,
        total: descriptor.size,
        state,
      });
    // Foreign layers are never pushed: their content is served from their urls (docker's rule).
    if (isNonDistributableLayer(descriptor.mediaType)) {
      report('foreign');
      return;
    }
    const mountFrom = options.mountFrom ?? source.mountFrom;
    const blob = await source.blob(descriptor);
    let outcome: UploadOutcome;
    for (let attempt = 0; ; attempt++) {
      const before = done;
      try {
        outcome = await uploadBlob(host, repository, blob, {
          ...(mountFrom === undefined ? {} : { mountFrom }),
          ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
          onBytes: (n) => {
            done += n;
            report('transferring');
          },
        });
        break;
      } catch (error) {
        // Steps of an upload session are not repeatable; a transient failure restarts the whole blob.
        if (!isTransient(error) || attempt >= UPLOAD_ATTEMPTS - 1) throw error;
        done = before;
      }
    }
    done = descriptor.size;
    report(outcome === 'uploaded' ? 'done' : outcome);
  });
}

/**
 * Pushes a manifest or index and everything it references, children before parents: blobs,
 * then image manifests (by digest when under an index), then the top document under `tag`
 * (or its digest when no tag is given).
 */
export async function pushImage(
  host: RegistryHost,
  repository: string,
  root: Descriptor,
  tag: string | undefined,
  source: ImageSource,
  settings: TransferSettings,
  options: PushOptions = {},
): Promise<PushResult> {
  const bytes = await source.manifestBytes(root);
  let document;
  try {
    document = parseManifestDocument(root.mediaType, JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    throw new LayoutError(`manifest ${root.digest}: ${(error as Error).message}`, 'INVALID_MANIFEST');
  }
  if ('index' in document) {
    for (const child of document.index.manifests) {
      await pushImage(host, repository, child, undefined, source, settings, options);
    }
  } else {
    await pushBlobs(host, repository, document.manifest, source, settings, options);
  }
  const digest = await putManifest(host, repository, tag ?? root.digest, bytes, root.mediaType);
  return { digest, mediaType: root.mediaType, size: bytes.byteLength };
}
