import { images as api, types } from '@berth/api';
import type { Descriptor } from '@berth/oci';

import type { ImageDetails } from '../images/image-details';
import type { ImageRecord } from '../images/image-records';
import type { LayerPhase } from '../images/unpacker';
import { chainIds } from '../images/chain-id';
import type { Mount } from '../snapshots/mounts';
import type { SnapshotInfo } from '../snapshots/snapshotter';

const pb = api.v1;

export function descriptorToProto(descriptor: Descriptor): types.v1.Descriptor {
  return types.v1.Descriptor.fromPartial({
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
    annotations: descriptor.annotations ?? {},
    ...(descriptor.platform
      ? {
          platform: {
            os: descriptor.platform.os,
            architecture: descriptor.platform.architecture,
            variant: descriptor.platform.variant ?? '',
          },
        }
      : {}),
  });
}

export function imageToProto(record: ImageRecord, details?: ImageDetails): api.v1.Image {
  return pb.Image.fromPartial({
    name: record.name,
    target: descriptorToProto(record.target),
    labels: record.labels,
    created: new Date(record.created),
    updated: new Date(record.updated),
    size: details?.size ?? 0,
    chainId: details?.chainId ?? '',
    configDigest: details?.configDigest ?? '',
  });
}

export function detailsToGetResponse(record: ImageRecord, details: ImageDetails): api.v1.GetResponse {
  const chain = chainIds(details.layers.map((layer) => layer.diffId));
  return pb.GetResponse.fromPartial({
    image: imageToProto(record, details),
    manifestDigest: details.manifestDigest,
    configDigest: details.configDigest,
    configJson: JSON.stringify(details.config),
    layers: details.layers.map((layer, index) => ({
      blob: descriptorToProto({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size }),
      diffId: layer.diffId,
      chainId: chain[index] ?? '',
    })),
    history: details.history.map((entry) => ({
      created: entry.created ?? '',
      createdBy: entry.created_by ?? '',
      comment: entry.comment ?? '',
      emptyLayer: entry.empty_layer ?? false,
    })),
  });
}

const PHASES: Record<LayerPhase, api.v1.LayerPhase> = {
  waiting: pb.LayerPhase.LAYER_PHASE_WAITING,
  downloading: pb.LayerPhase.LAYER_PHASE_DOWNLOADING,
  extracting: pb.LayerPhase.LAYER_PHASE_EXTRACTING,
  done: pb.LayerPhase.LAYER_PHASE_DONE,
};

export function layerPhaseToProto(phase: LayerPhase): api.v1.LayerPhase {
  return PHASES[phase];
}

export function mountsToProto(mounts: Mount[]): types.v1.Mount[] {
  return mounts.map((mount) =>
    types.v1.Mount.fromPartial({ type: mount.type, source: mount.source, options: mount.options }),
  );
}

const KINDS = {
  committed: pb.SnapshotKind.SNAPSHOT_KIND_COMMITTED,
  active: pb.SnapshotKind.SNAPSHOT_KIND_ACTIVE,
  view: pb.SnapshotKind.SNAPSHOT_KIND_VIEW,
} as const;

export function snapshotInfoToProto(info: SnapshotInfo): api.v1.SnapshotInfo {
  return pb.SnapshotInfo.fromPartial({
    key: info.key,
    kind: KINDS[info.kind],
    parent: info.parent ?? '',
    labels: info.labels,
    created: new Date(info.created),
    updated: new Date(info.updated),
  });
}

/** Proto3 has no absent strings: an empty parent means none. */
export function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}
