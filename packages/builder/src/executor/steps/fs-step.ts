// One filesystem-changing step (RUN, COPY, ADD, WORKDIR): look its cache key up; on a miss,
// prepare a snapshot on the current chain, let the step change it, take its changes (from the
// backend when it can read them off the snapshot, else by diffing it against the parent),
// write and commit the layer, and record it in the cache. The active snapshot and the layer file
// never outlive the step, whether it succeeds or fails.

import { randomUUID } from 'node:crypto';
import { lstat, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HistoryEntry } from '@berth/oci';
import { writeLayer } from '../../layer/layer-writer';
import { diffTrees } from '../../layer/tree-diff';
import type { LayerRef } from '../backend';
import type { BuildContext } from '../build-context';
import type { CacheRecord } from '../cache-store';
import { cacheKey, chainIdOf } from '../digests';

export const HISTORY_COMMENT = 'berth.dockerfile.v0';

export interface ChainState {
  layers: LayerRef[];
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
  const layerFile = join(ctx.workDir, `${snapshotKey}.tar.gz`);
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
    const record: CacheRecord = { created: ctx.now().toISOString() };
    if (changes.length > 0) {
      const written = await writeLayer(changes, layerFile);
      record.layer = {
        mediaType: written.mediaType,
        digest: written.digest,
        diffId: written.diffId,
        size: written.size,
      };
      record.chainId = chainIdOf(state.chainId, written.diffId);
      await ctx.backend.commit(snapshotKey, record.chainId, record.layer, layerFile);
      committed = true;
    }
    await ctx.cache.put(key, record);
    return advance(state, key, record, step.createdBy);
  } finally {
    if (!committed) await ctx.backend.remove(snapshotKey);
    await rm(layerFile, { force: true });
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
  const entry: HistoryEntry = { created: record.created, created_by: createdBy, comment: HISTORY_COMMENT };
  if (record.layer === undefined) {
    return {
      ...state,
      cacheId: key,
      created: record.created,
      history: [...state.history, { ...entry, empty_layer: true }],
    };
  }
  return {
    layers: [...state.layers, record.layer],
    diffIds: [...state.diffIds, record.layer.diffId],
    history: [...state.history, entry],
    chainId: record.chainId,
    cacheId: key,
    created: record.created,
  };
}
