// COPY and ADD: expands sources and destination, gathers the sources (context paths and globs,
// another stage's or image's files with --from, heredocs, ADD URLs), checksums them for the
// cache key, then copies them into the step's snapshot.

import { createHash, randomUUID } from 'node:crypto';
import { posix, join } from 'node:path';
import type { ContainerConfig } from '@berth/oci';
import { BuilderError, DockerfileError } from '../../errors';
import type { CopyInstruction } from '../../dockerfile/instructions';
import { parseHeredocWord } from '../../dockerfile/heredoc';
import { checksumSources } from '../../files/checksum';
import { copyIntoRoot, parseChmod, type ContentSource, type CopySource } from '../../files/copy';
import { fetchUrl, isRemoteUrl } from '../../files/fetch';
import { resolvePathSources } from '../../files/sources';
import { resolveChown } from '../../files/users';
import type { Variables } from '../../plan/variables';
import { findStage } from '../../plan/stages';
import type { BuildContext } from '../build-context';
import { chainIdOfLayers } from '../digests';
import type { FsStep } from './fs-step';

/** The root COPY reads from (a --from view is the build's, released with the others). */
interface SourceRoot {
  root: string;
  release(): Promise<void>;
  describe: string;
}

/** The committed chain a --from names (a stage's result or an image); undefined: empty. */
async function fromChainId(
  ctx: BuildContext,
  instruction: CopyInstruction,
  stageIndex: number,
  from: string,
): Promise<string | undefined> {
  const stage = findStage(ctx.plan, from, stageIndex);
  let chainId: string | undefined;
  if (stage !== undefined) {
    chainId = (await ctx.stageResult(stage.index)).chainId;
  } else {
    try {
      const image = await ctx.backend.resolveImage(from, {
        platform: `${ctx.host.os}/${ctx.host.architecture}`,
        pull: ctx.request.pull === true,
      });
      await ctx.backend.ensureChain(image.layers);
      chainId = chainIdOfLayers(image.layers.map((layer) => layer.diffId));
    } catch (error) {
      throw new DockerfileError(
        ctx.file,
        instruction.line,
        `${instruction.kind} --from=${from}: not a build stage of this Dockerfile, and no such image: ${(error as Error).message}`,
        'UNKNOWN_STAGE',
      );
    }
  }
  return chainId;
}

async function sourceRoot(
  ctx: BuildContext,
  instruction: CopyInstruction,
  stageIndex: number,
  from: string | undefined,
): Promise<SourceRoot> {
  if (from === undefined) {
    await ctx.request.contextReady;
    return { root: ctx.request.contextDir, release: async () => undefined, describe: 'context' };
  }
  const chainId = await fromChainId(ctx, instruction, stageIndex, from);
  const view = await ctx.view(chainId);
  return { root: view.rootfs, release: async () => undefined, describe: `from ${from}` };
}

function contentDigest(source: ContentSource, digest?: string): string {
  return (
    digest ??
    `sha256:${createHash('sha256')
      .update(source.content ?? '')
      .digest('hex')}`
  );
}

/** Prepares a COPY/ADD step: sources are gathered and checksummed now, copied in `apply`. */
export async function copyStep(
  ctx: BuildContext,
  instruction: CopyInstruction,
  stageIndex: number,
  config: ContainerConfig,
  vars: Variables,
  labels: { stage: string; step: string },
): Promise<{ step: FsStep; release(): Promise<void> }> {
  const from = instruction.from === undefined ? undefined : vars.word(instruction.from);
  const words = instruction.sources.map((word) => vars.word(word));
  const rawDest = vars.word(instruction.dest);
  const dest = posix.resolve(config.WorkingDir || '/', rawDest);
  const destIsDirectory = rawDest.endsWith('/') || rawDest.endsWith('/.') || rawDest === '.';
  const chmod = instruction.chmod === undefined ? undefined : parseChmod(vars.word(instruction.chmod));
  const chown = instruction.chown === undefined ? undefined : vars.word(instruction.chown);
  const createdBy = `${instruction.kind} ${instruction.original.replace(/^\S+\s+/, '')}`;
  const copy = async (rootfs: string, sources: CopySource[]) => {
    const owner = chown === undefined ? undefined : await resolveChown(rootfs, chown);
    await copyIntoRoot(rootfs, sources, {
      dest,
      destIsDirectory,
      owner,
      chmod,
      extractArchives: instruction.kind === 'ADD',
    });
  };
  const onlyPaths = words.every(
    (word, index) =>
      parseHeredocWord(instruction.sources[index], ctx.escape) === undefined && !isRemoteUrl(word),
  );
  if (from !== undefined && onlyPaths) {
    // A committed chain never changes: the same chain and paths are the same files, so the key
    // needs no checksum, and a cached step never mounts the other stage at all.
    const chainId = await fromChainId(ctx, instruction, stageIndex, from);
    const step: FsStep = {
      ...labels,
      createdBy,
      keyParts: {
        kind: instruction.kind,
        from: `from ${from}`,
        fromChain: chainId ?? null,
        sources: words,
        dest,
        destIsDirectory,
        chown,
        chmod,
      },
      // Mounted while the step's own snapshot is prepared.
      before: () => void ctx.view(chainId).catch(() => undefined),
      async apply(rootfs) {
        const view = await ctx.view(chainId);
        await copy(rootfs, await resolvePathSources(view.rootfs, words));
      },
    };
    return { step, release: async () => undefined };
  }
  const root = await sourceRoot(ctx, instruction, stageIndex, from);
  try {
    const sources: CopySource[] = [];
    const checksums: string[] = [];
    for (const [index, word] of words.entries()) {
      const marker = parseHeredocWord(instruction.sources[index], ctx.escape);
      const heredoc = marker && instruction.heredocs.find((doc) => doc.name === marker.name);
      if (heredoc !== undefined) {
        const content = Buffer.from(heredoc.expand ? vars.heredoc(heredoc.content) : heredoc.content);
        const source: ContentSource = {
          kind: 'content',
          name: heredoc.name,
          content,
          mode: 0o644,
          mtime: new Date(0),
        };
        sources.push(source);
        checksums.push(contentDigest(source));
      } else if (isRemoteUrl(word)) {
        if (instruction.kind !== 'ADD')
          throw new BuilderError(
            'DOCKERFILE_INVALID',
            `${ctx.file}:${instruction.line}: COPY does not fetch URLs (${word}); use ADD`,
          );
        const fetched = await fetchUrl(
          word,
          join(ctx.workDir, `download-${randomUUID()}`),
          instruction.checksum,
        );
        sources.push({
          kind: 'content',
          name: fetched.name,
          file: fetched.file,
          mode: 0o600,
          mtime: fetched.mtime,
        });
        checksums.push(fetched.digest);
      } else {
        const resolved = await resolvePathSources(root.root, [word]);
        sources.push(...resolved);
        checksums.push(await checksumSources(resolved));
      }
    }
    const step: FsStep = {
      ...labels,
      createdBy,
      keyParts: {
        kind: instruction.kind,
        from: from === undefined ? undefined : root.describe,
        sources: sources.map((source) => source.name),
        checksums,
        dest,
        destIsDirectory,
        chown,
        chmod,
      },
      apply: (rootfs) => copy(rootfs, sources),
    };
    return { step, release: () => root.release() };
  } catch (error) {
    await root.release();
    throw error;
  }
}
