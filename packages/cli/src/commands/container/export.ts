import { createWriteStream } from 'node:fs';
import { str } from '../../args/flag-spec';
import { InvalidArgumentError } from '../../errors';
import type { CommandContext, CommandDefinition } from '../command';

/** Where an archive goes: the -o file, or stdout unless that is a terminal (docker refuses too). */
export function archiveOutput(ctx: CommandContext, path: string | undefined): NodeJS.WritableStream {
  if (path) return createWriteStream(path);
  if (ctx.io.stdout.isTTY)
    throw new InvalidArgumentError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
  return ctx.io.stdout;
}

/** Writes chunks to `out`, honouring back-pressure, and closes a file stream at the end. */
export async function writeChunks(
  out: NodeJS.WritableStream,
  chunks: AsyncIterable<Buffer>,
  closeAtEnd: boolean,
): Promise<void> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
  }
  if (!closeAtEnd) return;
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

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
