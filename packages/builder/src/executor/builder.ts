// `berth build` inside the engine: parses the Dockerfile, starts every stage the target needs at
// once (each waits only for the stages it uses, so independent stages run in parallel), and
// stores the target stage as an image with its tags. On failure the other stages are cancelled
// and awaited, so no step's container or snapshot is left behind.

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelledError } from '@berth/kit';
import type { ImageConfig } from '@berth/oci';
import { parseDockerfile } from '../dockerfile/parse';
import { findStage, splitStages, targetStage, type Stage, type StagePlan } from '../plan/stages';
import { globalVariables, type Variables } from '../plan/variables';
import type { BuildBackend, SnapshotView } from './backend';
import type { BuildContext, StageResult } from './build-context';
import type { BuildCache } from './cache-store';
import { checkPlatform, hostPlatform, platformArgs, type HostPlatform } from './platform';
import type { BuildEvent, BuildRequest, BuildResult } from './request';
import { runStage } from './stage-runner';

export interface BuilderOptions {
  backend: BuildBackend;
  cache: BuildCache;
  /** Parent directory for each build's scratch space. */
  tempDir: string;
  host?: HostPlatform;
  now?: () => Date;
}

/** Stages `stage` uses through FROM or COPY --from (names expanded with the global args). */
function dependencies(plan: StagePlan, stage: Stage, globals: Variables): Stage[] {
  const names = [
    stage.from.image,
    ...stage.instructions.flatMap((i) => (i.kind === 'COPY' && i.from !== undefined ? [i.from] : [])),
  ];
  const found: Stage[] = [];
  for (const name of names) {
    let expanded: string;
    try {
      expanded = globals.word(name);
    } catch {
      continue;
    }
    const dependency = findStage(plan, expanded, stage.index);
    if (dependency !== undefined) found.push(dependency);
  }
  return found;
}

function neededStages(plan: StagePlan, target: Stage, globals: Variables): Stage[] {
  const needed = new Set<number>();
  const visit = (stage: Stage): void => {
    if (needed.has(stage.index)) return;
    needed.add(stage.index);
    for (const dependency of dependencies(plan, stage, globals)) visit(dependency);
  };
  visit(target);
  return plan.stages.filter((stage) => needed.has(stage.index));
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

export class Builder {
  constructor(private readonly options: BuilderOptions) {}

  /**
   * Builds `request`. Aborting `options.signal` (the client went away) cancels every stage: a
   * running RUN is killed, each step removes its snapshot, and no image is stored.
   */
  async build(
    request: BuildRequest,
    emit: (event: BuildEvent) => void = () => undefined,
    options: { signal?: AbortSignal } = {},
  ): Promise<BuildResult> {
    const cancelled = () => new CancelledError('build cancelled', { reason: 'BUILD_CANCELLED' });
    if (options.signal?.aborted === true) throw cancelled();
    const file = request.dockerfileName ?? 'Dockerfile';
    const host = this.options.host ?? hostPlatform();
    checkPlatform(request.platform, host, '--platform');
    const dockerfile = parseDockerfile(request.dockerfile, file);
    const plan = splitStages(dockerfile);
    const buildArgs = request.buildArgs ?? {};
    const globals = globalVariables(
      dockerfile.directives.escape,
      buildArgs,
      plan.globalArgs.flatMap((arg) => arg.args),
      platformArgs(host),
    );
    const target = targetStage(plan, request.target);
    const stages = neededStages(plan, target, globals);
    this.warnUnusedBuildArgs(buildArgs, plan, emit);

    const workDir = await mkdtemp(join(this.options.tempDir, 'berth-build-'));
    const abort = new AbortController();
    const results = new Map<number, Promise<StageResult>>();
    const views = new Map<string, Promise<SnapshotView>>();
    const background: Promise<unknown>[] = [];
    const releaseViews = async () => {
      const mounted = [...views.values()];
      views.clear();
      await Promise.all(
        mounted.map((view) =>
          view.then(
            (v) => v.release(),
            () => undefined,
          ),
        ),
      );
    };
    const ctx: BuildContext = {
      backend: this.options.backend,
      cache: this.options.cache,
      request,
      file,
      escape: dockerfile.directives.escape,
      host,
      plan,
      globals,
      workDir,
      emit,
      now: this.options.now ?? (() => new Date()),
      signal: abort.signal,
      counters: { executed: 0, cached: 0 },
      // A stage found only while running (e.g. COPY --from=$STAGE_ARG) starts on first use.
      stageResult: (index) => results.get(index) ?? schedule(plan.stages[index]),
      track: (work) => {
        background.push(work);
        work.catch((error: unknown) => {
          firstFailure ??= { error };
          abort.abort();
        });
      },
      view: (chainId) => {
        let view = views.get(chainId ?? '');
        if (view === undefined) {
          view = this.options.backend.view(`berth-build-view-${randomUUID()}`, chainId);
          views.set(chainId ?? '', view);
        }
        return view;
      },
    };
    // The first failure in time is the one to report; the others are mostly its cancellations.
    let firstFailure: { error: unknown } | undefined;
    const schedule = (stage: Stage): Promise<StageResult> => {
      const promise = runStage(ctx, stage);
      promise.catch((error: unknown) => {
        firstFailure ??= { error };
        abort.abort();
      });
      results.set(stage.index, promise);
      return promise;
    };
    const onCancel = () => {
      firstFailure ??= { error: cancelled() };
      abort.abort();
    };
    options.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      for (const stage of stages) schedule(stage);
      // Wait for every stage, including any started while waiting, so none is left running.
      let waitedFor = -1;
      while (waitedFor !== results.size) {
        waitedFor = results.size;
        await Promise.allSettled(results.values());
      }
      await Promise.allSettled(background);
      // No step reads a view any more: unmounted while the image is stored.
      const releasing = releaseViews();
      try {
        if (firstFailure !== undefined) throw firstFailure.error;
        const result = await ctx.stageResult(target.index);
        // A bad upload fails even a build that read nothing of it, before anything is stored.
        await request.contextReady;
        // Cancelled after the last step: still nothing stored (a function call, not narrowed by TS).
        if (isAborted(options.signal)) throw cancelled();
        return await this.store(ctx, result, request);
      } finally {
        await releasing;
      }
    } finally {
      options.signal?.removeEventListener('abort', onCancel);
      await releaseViews();
      await Promise.allSettled(background);
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async store(ctx: BuildContext, result: StageResult, request: BuildRequest): Promise<BuildResult> {
    const config = { ...result.config };
    if (request.labels !== undefined && Object.keys(request.labels).length > 0) {
      config.Labels = { ...config.Labels, ...request.labels };
    }
    const image: ImageConfig = { ...result.image, config };
    const tags = request.tags ?? [];
    const stored = await ctx.backend.storeImage(image, await Promise.all(result.layers), tags);
    return { imageId: stored.id, manifestDigest: stored.manifestDigest, tags, ...ctx.counters };
  }

  private warnUnusedBuildArgs(
    buildArgs: Record<string, string>,
    plan: StagePlan,
    emit: (event: BuildEvent) => void,
  ): void {
    const declared = new Set<string>();
    for (const instruction of [...plan.globalArgs, ...plan.stages.flatMap((stage) => stage.instructions)]) {
      if (instruction.kind === 'ARG') for (const arg of instruction.args) declared.add(arg.name);
    }
    const unused = Object.keys(buildArgs).filter((name) => !declared.has(name));
    if (unused.length > 0) {
      emit({ type: 'warning', message: `One or more build-args [${unused.join(' ')}] were not consumed` });
    }
  }
}
