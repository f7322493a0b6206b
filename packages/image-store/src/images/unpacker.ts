import { randomUUID } from 'node:crypto';

import { layerCompression, type Descriptor } from '@berth/oci';

import { BlobNotFoundError, LayerFormatError } from '../errors';
import type { ContentStore, OpenBlobSource } from '../content/content-store';
import { EXTRACT_LABEL, type Snapshotter } from '../snapshots/snapshotter';
import { adoptImplicitDirs } from '../unpack/implicit-dirs';
import { startLayerUnpack, type UnpackedLayer } from '../unpack/unpack-layer';
import { chainIds } from './chain-id';

export type LayerPhase = 'waiting' | 'downloading' | 'extracting' | 'done';

export interface LayerProgress {
  digest: string;
  phase: LayerPhase;
  /** Bytes of the blob downloaded (or read) so far, and its size. */
  current: number;
  total: number;
}

export interface UnpackImageOptions {
  layers: readonly Descriptor[];
  /** The image config's rootfs.diff_ids, one per layer. */
  diffIds: readonly string[];
  /** Where missing blobs come from (a registry); without it they must already be in the store. */
  open?: (layer: Descriptor) => OpenBlobSource;
  onProgress?: (progress: LayerProgress) => void;
  /** Per-layer limit on unpacked file bytes. */
  maxLayerBytes?: number;
  signal?: AbortSignal;
}

/**
 * Downloads an image's layers and unpacks them into committed snapshots named by ChainID. Every
 * layer downloads and unpacks at once, each streamed straight into its own empty snapshot; the
 * chain is then committed bottom-up. Layers whose ChainID is already committed (or being
 * unpacked by another pull) are only fetched, not unpacked again.
 */
export class ImageUnpacker {
  /** ChainID → settles when that snapshot is committed (or its unpack failed). */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly content: ContentStore,
    private readonly snapshots: Snapshotter,
  ) {}

  /** Returns the top ChainID: the parent to Prepare a container's snapshot on. */
  async unpack(options: UnpackImageOptions): Promise<string | undefined> {
    const { layers, diffIds } = options;
    if (layers.length !== diffIds.length) {
      throw new LayerFormatError(
        `manifest has ${layers.length} layers but the config lists ${diffIds.length} diff_ids`,
      );
    }
    const chain = chainIds(diffIds);
    // Claimed in one synchronous pass, so two pulls never wait on each other in a cycle.
    const plan = chain.map((chainId) => {
      if (this.snapshots.has(chainId)) return { kind: 'present' as const };
      const other = this.inFlight.get(chainId);
      if (other) return { kind: 'other' as const, done: other };
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.inFlight.set(chainId, done);
      return { kind: 'mine' as const, settle };
    });
    const extractions = layers.map((layer, index) => {
      const step = plan[index]!;
      if (step.kind !== 'mine') return this.fetchOnly(layer, options).then(() => undefined);
      return this.extract(layer, diffIds[index]!, chain[index]!, options);
    });
    // Keep every rejection handled while earlier layers are being committed.
    extractions.forEach((extraction) => extraction.catch(() => undefined));
    try {
      for (const [index, chainId] of chain.entries()) {
        const step = plan[index]!;
        const extracted = await extractions[index];
        if (step.kind === 'other') await step.done;
        if (step.kind !== 'mine' || !extracted) continue;
        await this.commitLayer(extracted, chainId, chain[index - 1]);
        this.settle(chainId, step.settle);
        options.onProgress?.({
          digest: layers[index]!.digest,
          phase: 'done',
          current: layers[index]!.size,
          total: layers[index]!.size,
        });
      }
      if (!this.snapshots.has(chain[chain.length - 1] ?? '') && chain.length > 0) {
        throw new LayerFormatError(`layer chain ${chain[chain.length - 1]} was not committed`);
      }
      return chain[chain.length - 1];
    } finally {
      // Failed or abandoned extractions: remove their snapshots, release their claims.
      const settled = await Promise.allSettled(extractions);
      for (const [index, outcome] of settled.entries()) {
        const step = plan[index]!;
        if (step.kind !== 'mine') continue;
        if (outcome.status === 'fulfilled' && outcome.value && this.snapshots.has(outcome.value.key)) {
          await this.snapshots.remove(outcome.value.key).catch(() => undefined);
        }
        this.settle(chain[index]!, step.settle);
      }
    }
  }

  private settle(chainId: string, settle: () => void): void {
    this.inFlight.delete(chainId);
    settle();
  }

  private async fetchOnly(layer: Descriptor, options: UnpackImageOptions): Promise<void> {
    await this.content.fetch({
      expected: { digest: layer.digest, size: layer.size },
      open: this.sourceFor(layer, options),
      onProgress: (current, total) =>
        options.onProgress?.({ digest: layer.digest, phase: 'downloading', current, total }),
      signal: options.signal,
    });
  }

  private async extract(
    layer: Descriptor,
    diffId: string,
    chainId: string,
    options: UnpackImageOptions,
  ): Promise<{ key: string; unpacked: UnpackedLayer }> {
    const key = `extract-${randomUUID()}`;
    await this.snapshots.prepare(key, undefined, { [EXTRACT_LABEL]: chainId });
    try {
      const unpack = startLayerUnpack({
        root: this.snapshots.upperDir(key),
        compression: layerCompression(layer.mediaType),
        expectedDiffId: diffId,
        maxBytes: options.maxLayerBytes,
      });
      unpack.result.catch(() => undefined);
      options.onProgress?.({ digest: layer.digest, phase: 'waiting', current: 0, total: layer.size });
      try {
        await this.content.fetch({
          expected: { digest: layer.digest, size: layer.size },
          open: this.sourceFor(layer, options),
          sink: unpack.input,
          // The tar's last entries are applied while the blob is fsynced and verified.
          onDrained: () => unpack.input.end(),
          onProgress: (current, total) =>
            options.onProgress?.({ digest: layer.digest, phase: 'downloading', current, total }),
          signal: options.signal,
        });
        if (!unpack.input.writableEnded) unpack.input.end();
      } catch (error) {
        unpack.input.destroy(error as Error);
        // The unpack's own failure (an unsafe entry) explains a stopped download better.
        await unpack.result;
        throw error;
      }
      options.onProgress?.({
        digest: layer.digest,
        phase: 'extracting',
        current: layer.size,
        total: layer.size,
      });
      return { key, unpacked: await unpack.result };
    } catch (error) {
      await this.snapshots.remove(key).catch(() => undefined);
      throw error;
    }
  }

  private async commitLayer(
    extracted: { key: string; unpacked: UnpackedLayer },
    chainId: string,
    parent: string | undefined,
  ): Promise<void> {
    const upper = this.snapshots.upperDir(extracted.key);
    adoptImplicitDirs(upper, extracted.unpacked.implicitDirs, this.snapshots.chainDirs(parent));
    await this.snapshots.commit(chainId, extracted.key, { labels: {}, parent });
  }

  private sourceFor(layer: Descriptor, options: UnpackImageOptions): OpenBlobSource {
    if (options.open) return options.open(layer);
    return async () => {
      throw new BlobNotFoundError(layer.digest);
    };
  }
}
