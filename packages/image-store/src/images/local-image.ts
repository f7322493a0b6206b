import {
  hostPlatform,
  isIndex,
  parseImageConfig,
  parseIndex,
  parseManifest,
  selectManifests,
  formatPlatform,
  type Descriptor,
  type ImageConfig,
  type ImageManifest,
} from '@berth/oci';
import { NotFoundError } from '@berth/kit';

import type { ContentStore } from '../content/content-store';
import { reachableBlobsFrom } from './blob-graph';
import { chainIds } from './chain-id';

/** An image as stored: its manifest and config read from local blobs. */
export interface LocalImage {
  manifestDescriptor: Descriptor;
  manifest: ImageManifest;
  configDescriptor: Descriptor;
  config: ImageConfig;
  /** ChainID of the top layer: the committed snapshot a container's rootfs is prepared on. */
  chainId?: string;
}

/** Reads the image a target names; an index is resolved to this host's platform. */
export async function loadLocalImage(content: ContentStore, target: Descriptor): Promise<LocalImage> {
  let manifestDescriptor = target;
  if (isIndex(target.mediaType)) {
    const index = parseIndex(await content.readJson(target.digest));
    const [best] = selectManifests(index, hostPlatform());
    if (!best) {
      throw new NotFoundError(
        `image index ${target.digest} has no manifest for ${formatPlatform(hostPlatform())}`,
        {
          reason: 'PLATFORM_NOT_FOUND',
        },
      );
    }
    manifestDescriptor = best;
  }
  const manifest = parseManifest(await content.readJson(manifestDescriptor.digest));
  const config = parseImageConfig(await content.readJson(manifest.config.digest));
  const chain = chainIds(config.rootfs.diff_ids);
  const image: LocalImage = { manifestDescriptor, manifest, configDescriptor: manifest.config, config };
  const top = chain[chain.length - 1];
  if (top !== undefined) image.chainId = top;
  return image;
}

/** Every locally present blob an image's target reaches (index, manifests, configs, layers). */
export async function reachableBlobs(content: ContentStore, target: Descriptor): Promise<Descriptor[]> {
  return reachableBlobsFrom(
    target,
    (digest) => content.readJson(digest),
    (digest) => content.has(digest),
  );
}
