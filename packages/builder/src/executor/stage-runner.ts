// Runs one build stage: resolves its base (scratch, an earlier stage or an image), runs the
// base's ONBUILD triggers, then each instruction in order: metadata instructions update the
// config (with an empty history entry like docker), filesystem ones go through runFsStep.

import { stat } from 'node:fs/promises';
import type { ContainerConfig, ImageConfig } from '@berth/oci';
import { BerthError, CancelledError } from '@berth/kit';
import { DockerfileError } from '../errors';
import type { Instruction } from '../dockerfile/instructions';
import { splitDockerfile } from '../dockerfile/lines';
import { InstructionError, parseInstruction } from '../dockerfile/parse-instruction';
import {
  applyMetadata,
  ConfigUpdateError,
  DEFAULT_PATH,
  type StageConfig,
  workingDir,
} from '../plan/config-update';
import { findStage, type Stage } from '../plan/stages';
import { ExpansionError, envLookup } from '../plan/variables';
import { mkdirAllInRoot } from '../files/root-writes';
import { resolveInRoot } from '../context/scoped-path';
import type { LayerRef } from './backend';
import type { BuildContext, StageResult } from './build-context';
import { cacheKey, chainIdOfLayers } from './digests';
import { checkPlatform, formatPlatform } from './platform';
import { copyStep } from './steps/copy-step';
import { HISTORY_COMMENT, runFsStep, type ChainState } from './steps/fs-step';
import { runStep } from './steps/run-step';

export function stageLabel(stage: Stage): string {
  return stage.name ?? `stage-${stage.index}`;
}

interface Base {
  image: ImageConfig;
  layers: readonly (LayerRef | Promise<LayerRef>)[];
  cacheId: string;
}

async function resolveBase(ctx: BuildContext, stage: Stage): Promise<Base> {
  const reference = ctx.globals.word(stage.from.image);
  checkPlatform(
    stage.from.platform === undefined ? undefined : ctx.globals.word(stage.from.platform),
    ctx.host,
    `${ctx.file}:${stage.from.line}: FROM --platform`,
  );
  if (reference === '')
    throw new DockerfileError(
      ctx.file,
      stage.from.line,
      `FROM: base name (${stage.from.image}) should not be blank`,
    );
  if (reference.toLowerCase() === 'scratch') {
    const image: ImageConfig = {
      architecture: ctx.host.architecture,
      os: ctx.host.os,
      ...(ctx.host.variant === undefined ? {} : { variant: ctx.host.variant }),
      config: { Env: [DEFAULT_PATH] },
      rootfs: { type: 'layers', diff_ids: [] },
      history: [],
    };
    return { image, layers: [], cacheId: cacheKey({ base: 'scratch', platform: ctx.host }) };
  }
  const dependency = findStage(ctx.plan, reference, stage.index);
  if (dependency !== undefined) {
    const result = await ctx.stageResult(dependency.index);
    return { image: result.image, layers: result.layers, cacheId: result.cacheId };
  }
  const base = await ctx.backend.resolveImage(reference, {
    platform: formatPlatform(ctx.host),
    pull: ctx.request.pull === true,
  });
  await ctx.backend.ensureChain(base.layers);
  const config: ContainerConfig = { ...base.config.config };
  if (envLookup(config.Env ?? [], 'PATH') === undefined) config.Env = [DEFAULT_PATH, ...(config.Env ?? [])];
  return { image: { ...base.config, config }, layers: base.layers, cacheId: cacheKey({ base: base.digest }) };
}

function onbuildTriggers(ctx: BuildContext, stage: Stage, triggers: readonly string[]): Instruction[] {
  return triggers.map((trigger) => {
    try {
      const raw = splitDockerfile(trigger, ctx.file).instructions[0];
      return parseInstruction({ ...raw, line: stage.from.line }, ctx.escape);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new DockerfileError(
        ctx.file,
        stage.from.line,
        `ONBUILD trigger ${JSON.stringify(trigger)} of the base image: ${detail}`,
      );
    }
  });
}

export async function runStage(ctx: BuildContext, stage: Stage): Promise<StageResult> {
  const label = stageLabel(stage);
  const base = await resolveBase(ctx, stage);
  const baseConfig: ContainerConfig = { ...base.image.config };
  const triggers = onbuildTriggers(ctx, stage, baseConfig.OnBuild ?? []);
  delete baseConfig.OnBuild;
  const instructions = [...triggers, ...stage.instructions];
  const total = instructions.length + 1;
  ctx.emit({
    type: 'step',
    stage: label,
    step: `[${label} 1/${total}]`,
    text: stage.from.original,
    cached: false,
  });

  let meta: StageConfig = {
    config: baseConfig,
    author: base.image.author,
    vars: ctx.globals.forStage(baseConfig.Env ?? []),
    cmdSetHere: false,
  };
  let chain: ChainState = {
    layers: base.layers.map((layer) => Promise.resolve(layer)),
    diffIds: [...base.image.rootfs.diff_ids],
    history: [...(base.image.history ?? [])],
    chainId: chainIdOfLayers(base.image.rootfs.diff_ids),
    cacheId: base.cacheId,
    created: base.image.created ?? new Date(0).toISOString(),
  };

  for (const [index, instruction] of instructions.entries()) {
    const step = `[${label} ${index + 2}/${total}]`;
    if (ctx.signal.aborted) {
      throw new CancelledError(`${step} cancelled`, { reason: 'BUILD_CANCELLED' });
    }
    try {
      ({ meta, chain } = await runInstruction(ctx, stage, instruction, meta, chain, { stage: label, step }));
    } catch (error) {
      if (
        error instanceof ExpansionError ||
        error instanceof ConfigUpdateError ||
        error instanceof InstructionError
      ) {
        throw new DockerfileError(
          ctx.file,
          instruction.line,
          `${instruction.kind}: ${error.message}`,
          'DOCKERFILE_INVALID',
        );
      }
      if (
        error instanceof BerthError &&
        !(error instanceof DockerfileError) &&
        !(error instanceof CancelledError) &&
        error.reason !== 'BUILD_STEP_FAILED'
      ) {
        throw new DockerfileError(
          ctx.file,
          instruction.line,
          `${instruction.kind}: ${error.message}`,
          error.reason as 'DOCKERFILE_INVALID',
          error.code,
        );
      }
      throw error;
    }
  }

  const image: ImageConfig = {
    ...base.image,
    created: chain.created,
    config: meta.config,
    rootfs: { type: 'layers', diff_ids: chain.diffIds },
    history: chain.history,
  };
  if (meta.author !== undefined) image.author = meta.author;
  return { image, config: meta.config, layers: chain.layers, chainId: chain.chainId, cacheId: chain.cacheId };
}

async function runInstruction(
  ctx: BuildContext,
  stage: Stage,
  instruction: Instruction,
  meta: StageConfig,
  chain: ChainState,
  labels: { stage: string; step: string },
): Promise<{ meta: StageConfig; chain: ChainState }> {
  if (instruction.kind === 'RUN') {
    const step = runStep(ctx, instruction, meta.config, meta.vars, labels);
    return { meta, chain: await runFsStep(ctx, chain, step) };
  }
  if (instruction.kind === 'COPY' || instruction.kind === 'ADD') {
    const prepared = await copyStep(ctx, instruction, stage.index, meta.config, meta.vars, labels);
    try {
      return { meta, chain: await runFsStep(ctx, chain, prepared.step) };
    } finally {
      await prepared.release();
    }
  }
  const next = applyMetadata(instruction, meta);
  if (next === undefined) throw new Error(`no handler for ${instruction.kind}`);
  if (instruction.kind === 'WORKDIR') {
    // WORKDIR also creates the directory when missing, which makes a layer.
    const dir = workingDir(meta.config.WorkingDir, meta.vars.word(instruction.value));
    if (!(await directoryExists(ctx, chain.chainId, dir))) {
      return { meta: next, chain: await createWorkdir(ctx, chain, dir, labels) };
    }
  }
  ctx.emit({
    type: 'step',
    stage: labels.stage,
    step: labels.step,
    text: instruction.original,
    cached: false,
  });
  if (instruction.kind === 'ARG') {
    return {
      meta: next,
      chain: { ...chain, cacheId: cacheKey({ parent: chain.cacheId, args: next.vars.declaredArgs() }) },
    };
  }
  return {
    meta: next,
    chain: {
      ...chain,
      cacheId: cacheKey({ parent: chain.cacheId, config: next.config, author: next.author }),
      history: [
        ...chain.history,
        {
          created: chain.created,
          created_by: instruction.original,
          comment: HISTORY_COMMENT,
          empty_layer: true,
        },
      ],
    },
  };
}

async function directoryExists(
  ctx: BuildContext,
  chainId: string | undefined,
  dir: string,
): Promise<boolean> {
  if (chainId === undefined) return dir === '/';
  // Mounting a view costs a snapshot and a mount and unmount: a chain never changes, so the
  // answer is looked up once and remembered, and a rebuild mounts nothing for its WORKDIRs.
  const key = cacheKey({ directoryIn: chainId, dir });
  const known = await ctx.cache.getFact(key);
  if (known !== undefined) return known;
  const view = await ctx.view(chainId);
  let exists: boolean;
  try {
    exists = (await stat(await resolveInRoot(view.rootfs, dir))).isDirectory();
  } catch {
    exists = false;
  }
  await ctx.cache.putFact(key, exists);
  return exists;
}

function createWorkdir(
  ctx: BuildContext,
  chain: ChainState,
  dir: string,
  labels: { stage: string; step: string },
): Promise<ChainState> {
  return runFsStep(ctx, chain, {
    ...labels,
    createdBy: `WORKDIR ${dir}`,
    keyParts: { kind: 'WORKDIR', dir },
    apply: async (rootfs) => {
      await mkdirAllInRoot(rootfs, dir);
    },
  });
}
