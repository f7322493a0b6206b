// Public API of @berth/image-store: the berth-images engine (content store as an OCI image
// layout, image names, overlayfs snapshots, layer unpack, GC) for the daemon and for tests.

export * from './errors';
export {
  ImageStore,
  type ImageStoreOptions,
  type ImageUsage,
  type PullOptions,
  type PullProgress,
  type SnapshotUsage,
  type StartupReport,
} from './image-store';
export {
  ContentStore,
  type BlobInfo,
  type FetchBlobOptions,
  type OpenBlobSource,
} from './content/content-store';
export { IngestArea, type ExpectedBlob, type IngestStatus } from './content/ingest';
export { OciLayoutDir, REF_NAME_ANNOTATION, type LayoutRef } from './content/layout';
export {
  Snapshotter,
  EXTRACT_LABEL,
  type CommitOptions,
  type ReconcileReport,
  type SnapshotInfo,
} from './snapshots/snapshotter';
export type { SnapshotKind } from './snapshots/metadata';
export { mountCommandArgs, snapshotMounts, type Mount } from './snapshots/mounts';
export type { DiskUsage } from './snapshots/disk-usage';
export {
  startLayerUnpack,
  type LayerUnpack,
  type UnpackedLayer,
  type UnpackLayerOptions,
} from './unpack/unpack-layer';
export type { LayerCompression } from './unpack/decompress';
export { chainIds } from './images/chain-id';
export { canonicalImageName } from './images/image-name';
export type { ImageDetails, LayerDetails } from './images/image-details';
export type { ImageRecord } from './images/image-records';
export type { LayerPhase, LayerProgress } from './images/unpacker';
export type { GcResult } from './gc/collector';
