import type { engine as api } from '@berth/api';
import { bool, str } from '../args/flag-spec';
import type { Engine } from '../engine/engine';
import { EngineError, PartialFailureError, UsageError, formatCliError } from '../errors';
import { renderDocuments } from '../format/render';
import type { CommandContext, CommandDefinition } from './command';

type Kind = 'container' | 'image' | 'network' | 'volume';

/** docker's volume inspect document, from the engine's Volume message. */
export function volumeDocument(volume: api.v1.Volume): Record<string, unknown> {
  return {
    CreatedAt: volume.createdAt?.toISOString() ?? '',
    Driver: volume.driver,
    Labels: volume.labels,
    Mountpoint: volume.mountpoint,
    Name: volume.name,
    Options: volume.options,
    Scope: volume.scope,
    ...(volume.size >= 0 ? { UsageData: { RefCount: volume.usedBy.length, Size: volume.size } } : {}),
  };
}

const INSPECTORS: Record<Kind, (engine: Engine, name: string) => Promise<unknown>> = {
  container: async (engine, id) =>
    JSON.parse((await engine.call('containers', 'inspectContainer', { id })).json),
  image: async (engine, name) => JSON.parse((await engine.call('images', 'inspectImage', { name })).json),
  network: async (engine, name) =>
    JSON.parse((await engine.call('networks', 'inspectNetwork', { name })).json),
  volume: async (engine, name) => {
    const { volume } = await engine.call('volumes', 'inspectVolume', { name });
    return volume ? volumeDocument(volume) : undefined;
  },
};

const isNotFound = (err: unknown) => err instanceof EngineError && err.status === 'NOT_FOUND';

/** The first kind that knows `name`, as docker's untyped inspect looks it up. */
async function inspectAny(engine: Engine, name: string, kinds: readonly Kind[]): Promise<unknown> {
  for (const kind of kinds) {
    try {
      return await INSPECTORS[kind](engine, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  throw new EngineError(
    kinds.length === 1 ? `no such ${kinds[0]}: ${name}` : `no such object: ${name}`,
    'NOT_FOUND',
  );
}

async function inspectAll(
  ctx: CommandContext,
  format: string | undefined,
  names: readonly string[],
  kinds: readonly Kind[],
) {
  const engine = await ctx.engine();
  const documents: unknown[] = [];
  let failed = 0;
  for (const name of names) {
    try {
      documents.push(await inspectAny(engine, name, kinds));
    } catch (err) {
      failed++;
      ctx.err(`${formatCliError(`${ctx.name} ${name}`, err, ctx.debug)}\n`);
    }
  }
  // docker prints what it found (an empty array included) before reporting the misses.
  if (documents.length || !format) ctx.out(renderDocuments(documents, format));
  if (failed) throw new PartialFailureError(failed);
}

const FORMAT_FLAG = str('format', "Format output using a custom template: 'json' or a Go template", 'f');

const typed = (kind: Kind, plural: string): CommandDefinition => ({
  usage: `[OPTIONS] ${kind.toUpperCase()} [${kind.toUpperCase()}...]`,
  summary: `Display detailed information on one or more ${plural}`,
  flags: kind === 'container' ? [FORMAT_FLAG, bool('size', 'Display total file sizes', 's')] : [FORMAT_FLAG],
  minArgs: 1,
  run: (ctx, flags, args) => inspectAll(ctx, flags.string('format'), args, [kind]),
});

export const containerInspect = typed('container', 'containers');
export const imageInspect = typed('image', 'images');
export const networkInspect = typed('network', 'networks');
export const volumeInspect = typed('volume', 'volumes');

export const inspect: CommandDefinition = {
  usage: '[OPTIONS] NAME|ID [NAME|ID...]',
  summary: 'Return low-level information on Berth objects',
  flags: [
    FORMAT_FLAG,
    bool('size', 'Display total file sizes if the type is container', 's'),
    str('type', 'Return JSON for specified type'),
  ],
  minArgs: 1,
  async run(ctx, flags, args) {
    const type = flags.string('type');
    const kinds: Kind[] = ['container', 'image', 'network', 'volume'];
    if (type !== undefined && !kinds.includes(type as Kind)) {
      throw new UsageError(
        `"${type}" is not a valid value for --type (container, image, network, volume)`,
        ctx.name,
      );
    }
    await inspectAll(ctx, flags.string('format'), args, type ? [type as Kind] : kinds);
  },
};
