import { str } from '../../args/flag-spec';
import { archiveOutput, writeChunks } from '../archive-output';
import type { CommandDefinition } from '../command';

export const exportContainer: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER',
  summary: "Export a container's filesystem as a tar archive",
  flags: [str('output', 'Write to a file, instead of STDOUT', 'o')],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [id]) {
    const path = flags.string('output');
    const out = archiveOutput(ctx, path);
    const engine = await ctx.engine();
    async function* data() {
      for await (const message of engine.stream('containers', 'exportContainer', { id })) yield message.data;
    }
    await writeChunks(out, data(), path !== undefined);
  },
};
