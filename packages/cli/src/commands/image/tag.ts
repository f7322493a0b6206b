import type { CommandDefinition } from '../command';

export const tag: CommandDefinition = {
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  flags: [],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, _flags, [source, target]) {
    const engine = await ctx.engine();
    await engine.call('images', 'tagImage', { source, target });
  },
};
