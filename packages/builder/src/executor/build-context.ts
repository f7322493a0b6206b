// Everything the steps of one build share: the backend, the cache, the request, the parsed
// stages, the global variables, the event sink, and the per-stage results (promises, so stages
// that do not depend on each other run at the same time).

import type { ContainerConfig, ImageConfig } from '@berth/oci';
import type { BuildBackend, LayerRef, SnapshotView } from './backend';
import type { BuildCache } from './cache-store';
import type { HostPlatform } from './platform';
import type { BuildEvent, BuildRequest } from './request';
import type { StagePlan } from '../plan/stages';
import type { Variables } from '../plan/variables';

export interface StageResult {
  image: ImageConfig;
  config: ContainerConfig;
  /** A layer a step made is known once compressed, which goes on while later steps run. */
  layers: Promise<LayerRef>[];
  chainId?: string;
  cacheId: string;
}

export interface BuildContext {
  backend: BuildBackend;
  cache: BuildCache;
  request: BuildRequest;
  file: string;
  escape: string;
  host: HostPlatform;
  plan: StagePlan;
  globals: Variables;
  /** Scratch space for layer files and downloads; removed by the builder. */
  workDir: string;
  emit(event: BuildEvent): void;
  stageResult(index: number): Promise<StageResult>;
  /**
   * A read-only view of a committed chain, mounted once per build however many steps read it
   * (COPY --from the same stage twice, a WORKDIR check) and released when the stages are done.
   */
  view(chainId: string | undefined): Promise<SnapshotView>;
  now(): Date;
  signal: AbortSignal;
  counters: { executed: number; cached: number };
  /**
   * Work a step leaves running (compressing and storing its layer, recording it in the cache):
   * awaited before the image is stored and before the build's scratch space goes, and its
   * failure fails the build.
   */
  track(work: Promise<unknown>): void;
}
