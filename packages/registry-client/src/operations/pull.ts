import { parseImageConfig, type Descriptor, type Platform } from '@berth/oci';
import { fetchBlobToFile } from '../blobs/fetch-blob';
import type { ProgressCallback } from '../client-options';
import { forEachLimited } from '../concurrency';
import { LayoutError } from '../errors';
import { ImageLayoutDir } from '../layout/image-layout';
import type { FetchedManifest } from '../registry/manifests';
import type { RegistryHost } from '../registry/registry-host';
import { resolveImage } from '../registry/resolve-image';
import type { TransferSettings } from './transfer-settings';

export interface PullOptions {
  /** `os/arch[/variant]` or a platform object; default: this host. */
  readonly platform?: string | Platform;
  /** The name written as `org.opencontainers.image.ref.name` in index.json; default: the tag. */
  readonly name?: string;
  readonly onProgress?: ProgressCallback;
}

export interface PullResult {
  /** Digest of the image manifest written to the layout. */
  readonly digest: string;
  /** Digest the reference resolved to (the index's, for multi-platform images). */
  readonly rootDigest: string;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/**
 * Pulls one platform's image into an OCI image layout: blobs (at most `concurrency` at once,
 * each verified before it becomes visible), then the manifest, then the index.json entry,
 * so a reader never finds a manifest whose blobs are missing.
 */
export async function pullToLayout(
  host: RegistryHost,
  repository: string,
  reference: string,
  dir: string,
  settings: TransferSettings,
  options: PullOptions = {},
): Promise<PullResult> {
  const resolved = await resolveImage(host, repository, reference, options.platform);
  const layout = new ImageLayoutDir(dir);
  await layout.create();
  const image = resolved.image;
  const blobs = [image.config, ...image.layers].filter(
    (blob, i, all) => all.findIndex((other) => other.digest === blob.digest) === i,
  );
  await forEachLimited(blobs, settings.concurrency, async (blob) => {
    if (await layout.hasBlob(blob)) {
      options.onProgress?.({
        digest: blob.digest,
        mediaType: blob.mediaType,
        done: blob.size,
        total: blob.size,
        state: 'exists',
      });
      return;
    }
    await fetchBlobToFile(host, repository, blob, layout.blobPath(blob.digest), {
      mediaType: blob.mediaType,
      rangedThreshold: settings.rangedThreshold,
      rangedParts: settings.rangedParts,
      maxResumes: settings.maxResumes,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  });
  // A config that is not an image config (wrong JSON) is refused before the image is named.
  const configBytes = await layout.readBlob(image.config.digest, MAX_CONFIG_BYTES);
  try {
    parseImageConfig(JSON.parse(configBytes.toString('utf8')));
  } catch (error) {
    throw new LayoutError(
      `image config ${image.config.digest}: ${(error as Error).message}`,
      'INVALID_CONFIG',
    );
  }
  const manifest = resolved.manifest;
  await layout.writeBlob(manifest.digest, manifest.bytes);
  const platform = platformOf(resolved.root, manifest.digest);
  await layout.tag(
    {
      mediaType: manifest.mediaType,
      digest: manifest.digest,
      size: manifest.bytes.byteLength,
      ...(platform ? { platform } : {}),
    },
    options.name ?? (reference.includes(':') ? undefined : reference),
  );
  return {
    digest: manifest.digest,
    rootDigest: resolved.root.digest,
    mediaType: manifest.mediaType,
    config: image.config,
    layers: image.layers,
  };
}

function platformOf(root: FetchedManifest, digest: string): Platform | undefined {
  return 'index' in root.document
    ? root.document.index.manifests.find((m) => m.digest === digest)?.platform
    : undefined;
}
