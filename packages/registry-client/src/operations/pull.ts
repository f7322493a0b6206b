import {
  isImageConfig,
  parseImageConfig,
  type Descriptor,
  type ImageManifest,
  type Platform,
} from '@berth/oci';
import { fetchBlobToFile } from '../blobs/fetch-blob';
import type { ProgressCallback } from '../client-options';
import { forEachLimited, settleAll } from '../concurrency';
import { LayoutError, ProtocolError } from '../errors';
import { ImageLayoutDir } from '../layout/image-layout';
import { fetchManifest, type FetchedManifest } from '../registry/manifests';
import type { RegistryHost } from '../registry/registry-host';
import { resolveImage } from '../registry/resolve-image';
import type { TransferSettings } from './transfer-settings';

export interface PullOptions {
  /** `os/arch[/variant]` or a platform object; default: this host. */
  readonly platform?: string | Platform;
  /** Keep a multi-platform index whole: every platform's manifest and blobs (`platform` is ignored). */
  readonly allPlatforms?: boolean;
  /** The name written as `org.opencontainers.image.ref.name` in index.json; default: the tag. */
  readonly name?: string;
  readonly onProgress?: ProgressCallback;
}

export interface PullResult {
  /** Digest of what index.json now names: the image manifest, or the index with allPlatforms. */
  readonly digest: string;
  /** Digest the reference resolved to (the index's, for multi-platform images). */
  readonly rootDigest: string;
  readonly mediaType: string;
  /** Config and layers of the platform's image (of the first image with allPlatforms). */
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

interface PullContext {
  readonly host: RegistryHost;
  readonly repository: string;
  readonly layout: ImageLayoutDir;
  readonly settings: TransferSettings;
  readonly onProgress?: ProgressCallback;
}

const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
// Indexes may nest; real images stop at two levels.
const MAX_INDEX_DEPTH = 3;

/**
 * Downloads an image's config and layers (at most `concurrency` layers at once), skipping blobs
 * the layout has. The config is small and goes beside the layers rather than taking a slot, so
 * with three layers all three start at once.
 */
async function pullImageBlobs(context: PullContext, image: ImageManifest): Promise<void> {
  const { host, repository, layout, settings, onProgress } = context;
  const layers = image.layers.filter(
    (blob, i, all) =>
      blob.digest !== image.config.digest && all.findIndex((other) => other.digest === blob.digest) === i,
  );
  const fetchOne = async (blob: Descriptor): Promise<void> => {
    if (await layout.hasBlob(blob)) {
      onProgress?.({
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
      ...(onProgress ? { onProgress } : {}),
    });
  };
  // A config that is not an image config (wrong JSON) is refused before the image is named; it
  // is checked as soon as it is in, while the layers still download.
  const fetchConfig = async (): Promise<void> => {
    await fetchOne(image.config);
    if (!isImageConfig(image.config.mediaType)) return;
    const configBytes = await layout.readBlob(image.config.digest, MAX_CONFIG_BYTES);
    try {
      parseImageConfig(JSON.parse(configBytes.toString('utf8')));
    } catch (error) {
      throw new LayoutError(
        `image config ${image.config.digest}: ${(error as Error).message}`,
        'INVALID_CONFIG',
      );
    }
  };
  // Both settle before a failure is reported: no download may still be writing into the layout.
  await settleAll([fetchConfig(), forEachLimited(layers, settings.concurrency, fetchOne)]);
}

/** Pulls a fetched manifest or index with everything below it, children before parents. */
async function pullTree(
  context: PullContext,
  fetched: FetchedManifest,
  depth: number,
): Promise<ImageManifest | undefined> {
  let first: ImageManifest | undefined;
  if ('index' in fetched.document) {
    if (depth >= MAX_INDEX_DEPTH)
      throw new ProtocolError(`image indexes nested more than ${MAX_INDEX_DEPTH} deep`);
    for (const child of fetched.document.index.manifests) {
      const image = await pullTree(
        context,
        await fetchManifest(context.host, context.repository, child.digest),
        depth + 1,
      );
      first ??= image;
    }
  } else {
    await pullImageBlobs(context, fetched.document.manifest);
    first = fetched.document.manifest;
  }
  await context.layout.writeBlob(fetched.digest, fetched.bytes);
  return first;
}

function defaultName(reference: string, options: PullOptions): string | undefined {
  return options.name ?? (reference.includes(':') ? undefined : reference);
}

/**
 * Pulls one platform's image (or, with allPlatforms, a whole index) into an OCI image layout:
 * blobs first (each verified before it becomes visible), then manifests, then the index.json
 * entry, so a reader never finds a manifest whose blobs are missing.
 */
export async function pullToLayout(
  host: RegistryHost,
  repository: string,
  reference: string,
  dir: string,
  settings: TransferSettings,
  options: PullOptions = {},
): Promise<PullResult> {
  const layout = new ImageLayoutDir(dir);
  const context: PullContext = {
    host,
    repository,
    layout,
    settings,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  if (options.allPlatforms) {
    const root = await fetchManifest(host, repository, reference);
    await layout.create();
    const image = await pullTree(context, root, 0);
    if (image === undefined) throw new ProtocolError(`${repository}:${reference}: index lists no image`);
    await layout.tag(
      { mediaType: root.mediaType, digest: root.digest, size: root.bytes.byteLength },
      defaultName(reference, options),
    );
    return {
      digest: root.digest,
      rootDigest: root.digest,
      mediaType: root.mediaType,
      config: image.config,
      layers: image.layers,
    };
  }
  const resolved = await resolveImage(host, repository, reference, options.platform);
  // The oci-layout marker's write and fsync overlap the downloads instead of delaying them.
  const writeMarker = await layout.prepare();
  await settleAll([writeMarker?.(), pullImageBlobs(context, resolved.image)]);
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
    defaultName(reference, options),
  );
  return {
    digest: manifest.digest,
    rootDigest: resolved.root.digest,
    mediaType: manifest.mediaType,
    config: resolved.image.config,
    layers: resolved.image.layers,
  };
}

function platformOf(root: FetchedManifest, digest: string): Platform | undefined {
  return 'index' in root.document
    ? root.document.index.manifests.find((m) => m.digest === digest)?.platform
    : undefined;
}
