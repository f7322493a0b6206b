// One filesystem-changing step (RUN, COPY, ADD, WORKDIR): look its cache key up; on a miss,
// prepare a snapshot on the current chain, let the step change it, take its changes (from the
// backend when it can read them off the snapshot, else by diffing it against the parent), write
// them as a tar (its diffID names the chain) and commit the snapshot. The layer is compressed,
// handed to the backend and recorded in the cache while the next steps run (the build tracks
// that work). The active snapshot never outlives the step, whether it succeeds or fails.

import { randomUUID } from 'node:crypto';
import { lstat, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry } from '@berth/oci';
import { compressLayer, writeLayerTar } from '../../layer/layer-writer';
import { diffTrees } from '../../layer/tree-diff';
import type { LayerRef } from '../backend';
import type { BuildContext } from '../build-context';
import type { CacheRecord } from '../cache-store';
import { cacheKey, chainIdOf } from '../digests';

export const HISTORY_COMMENT = 'berth.dockerfile.v0';

export interface ChainState {
  /** Layers made by this build are known once compressed (see BuildContext.track). */
  layers: Promise<LayerRef>[];
  diffIds: string[];
  history: HistoryEntry[];
  chainId?: string;
  cacheId: string;
  /** Time of the last step that ran (or was cached): used by metadata history entries. */
  created: string;
}

export interface FsStep {
  step: string;
  stage: string;
  /** What the history shows, e.g. `RUN /bin/sh -c make`. */
  createdBy: string;
  /** Everything besides the parent chain that decides whether the result can be reused. */
  keyParts: unknown;
  /** On a cache miss, just before the snapshot is prepared: starts what `apply` will need. */
  before?(): void;
  /** Changes the writable rootfs. */
  apply(rootfs: string): Promise<void>;
}

export async function runFsStep(ctx: BuildContext, state: ChainState, step: FsStep): Promise<ChainState> {
  const key = cacheKey({ parent: state.cacheId, step: step.keyParts });
  if (ctx.request.noCache !== true) {
    const record = await ctx.cache.get(key);
    if (
      record !== undefined &&
      (record.layer === undefined || (await ctx.backend.hasChain(record.chainId as string, record.layer)))
    ) {
      ctx.counters.cached++;
      ctx.emit({ type: 'step', stage: step.stage, step: step.step, text: step.createdBy, cached: true });
      return advance(state, key, record, step.createdBy);
    }
  }
  ctx.emit({ type: 'step', stage: step.stage, step: step.step, text: step.createdBy, cached: false });
  ctx.counters.executed++;
  const snapshotKey = `berth-build-${randomUUID()}`;
  step.before?.();
  const active = await ctx.backend.prepare(snapshotKey, state.chainId);
  let committed = false;
  try {
    // The marker is only needed by the tree walk; a backend that reads its snapshot's own changes
    // (overlay upper dir) skips both.
    const unchangedBeforeCtimeMs = ctx.backend.changes ? undefined : await ctimeMarker(active.rootfs);
    await step.apply(active.rootfs);
    let changes = await ctx.backend.changes?.(snapshotKey);
    if (changes === undefined) {
      const view = await ctx.backend.view(`${snapshotKey}-parent`, state.chainId);
      try {
        // Without a marker (the backend could not read its changes after all) every entry is compared.
        changes = await diffTrees(
          view.rootfs,
          active.rootfs,
          unchangedBeforeCtimeMs === undefined ? {} : { unchangedBeforeCtimeMs },
        );
      } finally {
        await view.release();
      }
    }
    const created = ctx.now().toISOString();
    if (changes.length === 0) {
      const record: CacheRecord = { created };
      await ctx.cache.put(key, record);
      return advance(state, key, record, step.createdBy);
    }
    const written = await writeLayerTar(changes, join(ctx.workDir, `${snapshotKey}.tar`));
    // Started before the commit, tracked whatever happens to it; the tar goes when it is done.
    const compressed = compressLayer(written, join(ctx.workDir, `${snapshotKey}.tar.gz`)).finally(() =>
      rm(written.file, { force: true }),
    );
    ctx.track(compressed);
    const chainId = chainIdOf(state.chainId, written.diffId);
    await ctx.backend.commit(snapshotKey, chainId);
    committed = true;
    const layer = compressed.then(async (blob): Promise<LayerRef> => {
      const ref = { mediaType: blob.mediaType, digest: blob.digest, diffId: blob.diffId, size: blob.size };
      await ctx.backend.storeLayer(ref, blob.file);
      return ref;
    });
    // Recorded only once the blob is with the backend: a hit needs both (hasChain).
    ctx.track(layer.then((ref) => ctx.cache.put(key, { created, layer: ref, chainId })));
    return advanceWith(state, key, created, step.createdBy, { layer, diffId: written.diffId, chainId });
  } finally {
    if (!committed) await ctx.backend.remove(snapshotKey);
  }
}

/**
 * The filesystem's clock now, read as the ctime of a file made and removed at the root of the
 * snapshot (same filesystem, same timestamp granularity as what the step will change).
 */
async function ctimeMarker(rootfs: string): Promise<number> {
  const marker = join(rootfs, `.berth-ctime-${randomUUID()}`);
  await writeFile(marker, '');
  try {
    return (await lstat(marker)).ctimeMs;
  } finally {
    await unlink(marker);
  }
}

function advance(state: ChainState, key: string, record: CacheRecord, createdBy: string): ChainState {
  const made =
    record.layer === undefined
      ? undefined
      : {
          layer: Promise.resolve(record.layer),
          diffId: record.layer.diffId,
          chainId: record.chainId as string,
        };
  return advanceWith(state, key, record.created, createdBy, made);
}

function advanceWith(
  state: ChainState,
  key: string,
  created: string,
  createdBy: string,
  made: { layer: Promise<LayerRef>; diffId: string; chainId: string } | undefined,
): ChainState {
  const entry: HistoryEntry = { created, created_by: createdBy, comment: HISTORY_COMMENT };
  if (made === undefined) {
    return { ...state, cacheId: key, created, history: [...state.history, { ...entry, empty_layer: true }] };
  }
  return {
    layers: [...state.layers, made.layer],
    diffIds: [...state.diffIds, made.diffId],
    history: [...state.history, entry],
    chainId: made.chainId,
    cacheId: key,
    created,
  };
}
