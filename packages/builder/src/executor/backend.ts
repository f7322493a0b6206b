// What the builder needs from the machine it runs on. The engine implements this over the image
// store's Snapshots/Images services and the shim; `DirectoryBackend` implements it with plain
// directories for hosts without them. Snapshots are named by OCI chain IDs so a cached step's
// layer is found again by the chain it produced.

import type { ImageConfig } from '@berth/oci';
import type { Change } from '../layer/tree-diff';

export interface LayerRef {
  mediaType: string;
  digest: string;
  diffId: string;
  size: number;
}

export interface BaseImage {
  /** The reference as resolved (e.g. docker.io/library/busybox:latest). */
  reference: string;
  /** Manifest digest: part of every cache key of the stage. */
  digest: string;
  config: ImageConfig;
  layers: LayerRef[];
}

/** A writable rootfs for one step, on top of a committed chain (or empty). */
export interface ActiveSnapshot {
  /** Host path of the mounted, writable rootfs. */
  rootfs: string;
}

/** A read-only view of a committed chain. */
export interface SnapshotView {
  rootfs: string;
  release(): Promise<void>;
}

export interface StepProcess {
  rootfs: string;
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  additionalGids: number[];
  network: 'none' | 'default' | 'host';
  /** Stable name for the step's container (shows in logs; removed when the step ends). */
  id: string;
  /** Receives the process's output as it comes. */
  output(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  signal?: AbortSignal;
}

export interface StoredImage {
  /** Image ID: the config digest, as docker shows it. */
  id: string;
  manifestDigest: string;
}

export interface BuildBackend {
  /** Finds (pulling when missing, or always with `pull`) an image for the platform. */
  resolveImage(reference: string, options: { platform: string; pull: boolean }): Promise<BaseImage>;
  /** Makes sure the snapshot chain of an image's layers exists (unpacks when needed). */
  ensureChain(layers: readonly LayerRef[]): Promise<void>;
  /** True when a committed snapshot with this chain ID exists and its blob is in the store. */
  hasChain(chainId: string, layer: LayerRef): Promise<boolean>;
  /** A writable rootfs on top of `parentChainId` (undefined: empty), under a unique `key`. */
  prepare(key: string, parentChainId: string | undefined): Promise<ActiveSnapshot>;
  /** A read-only view of a committed chain (undefined: an empty directory). */
  view(key: string, chainId: string | undefined): Promise<SnapshotView>;
  /**
   * Commits the active snapshot as `chainId`. Its layer's blob comes later through storeLayer:
   * the next step needs only the snapshot, so the builder compresses while it runs.
   */
  commit(key: string, chainId: string): Promise<void>;
  /**
   * Takes the blob (gzip tar) of a committed layer. The backend may move `layerFile` away (what
   * is left goes with the build's scratch space) and store the blob later, as long as
   * `storeImage` has it stored first.
   */
  storeLayer(layer: LayerRef, layerFile: string): Promise<void>;
  /**
   * The changes of an active snapshot read from the snapshot itself (an overlay upper directory),
   * when the backend can tell them exactly; undefined makes the builder compare the prepared
   * rootfs with a view of its parent, tree against tree.
   */
  changes?(key: string): Promise<Change[] | undefined>;
  /** Drops an active snapshot (failed or no-change step). */
  remove(key: string): Promise<void>;
  /** Runs a RUN step's process in a container on `rootfs`; resolves with its exit code. */
  run(process: StepProcess): Promise<number>;
  /** Stores the final config and manifest, tags it, and returns the image ID. */
  storeImage(config: ImageConfig, layers: readonly LayerRef[], tags: readonly string[]): Promise<StoredImage>;
}
