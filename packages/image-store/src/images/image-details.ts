import type { Descriptor, HistoryEntry, ImageConfig } from '@berth/oci';

import type { ImageRecord } from './image-records';
import type { LocalImage } from './local-image';

export interface LayerDetails {
  digest: string;
  mediaType: string;
  size: number;
  diffId: string;
}

/** Everything `inspect` shows about an image. */
export interface ImageDetails {
  name: string;
  target: Descriptor;
  manifestDigest: string;
  configDigest: string;
  config: ImageConfig;
  layers: LayerDetails[];
  history: HistoryEntry[];
  /** Manifest, config and compressed layers: what the registry transfers. */
  size: number;
  /** ChainID of the top layer, the parent for a container's snapshot. */
  chainId?: string;
  labels: Record<string, string>;
  created: string;
  updated: string;
}

export function imageDetails(record: ImageRecord, image: LocalImage): ImageDetails {
  const layers = image.manifest.layers.map((layer, index) => ({
    digest: layer.digest,
    mediaType: layer.mediaType,
    size: layer.size,
    diffId: image.config.rootfs.diff_ids[index] ?? '',
  }));
  const details: ImageDetails = {
    name: record.name,
    target: record.target,
    manifestDigest: image.manifestDescriptor.digest,
    configDigest: image.configDescriptor.digest,
    config: image.config,
    layers,
    history: image.config.history ?? [],
    size:
      image.manifestDescriptor.size +
      image.configDescriptor.size +
      layers.reduce((sum, layer) => sum + layer.size, 0),
    labels: { ...record.labels },
    created: record.created,
    updated: record.updated,
  };
  if (image.chainId !== undefined) details.chainId = image.chainId;
  return details;
}
