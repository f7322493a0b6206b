import { createReadStream } from 'node:fs';
import { bool, str } from '../../args/flag-spec';
import { InvalidArgumentError } from '../../errors';
import type { CommandDefinition } from '../command';
import { archiveOutput, writeChunks } from '../archive-output';

export const save: CommandDefinition = {
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  flags: [str('output', 'Write to a file, instead of STDOUT', 'o')],
  minArgs: 1,
  async run(ctx, flags, names) {
    const path = flags.string('output');
    const out = archiveOutput(ctx, path);
    const engine = await ctx.engine();
    async function* data() {
      for await (const message of engine.stream('images', 'saveImages', { names })) yield message.data;
    }
    await writeChunks(out, data(), path !== undefined);
  },
};

export const load: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Load an image from a tar archive or STDIN',
  flags: [
    str('input', 'Read from tar archive file, instead of STDIN', 'i'),
    bool('quiet', 'Suppress the load output', 'q'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const path = flags.string('input');
    if (!path && ctx.io.stdin.isTTY) {
      throw new InvalidArgumentError(
        'requested load from stdin, but stdin is empty: use -i or redirect an archive',
      );
    }
    const input = path ? createReadStream(path) : ctx.io.stdin;
    const engine = await ctx.engine();
    const { stream, response } = engine.upload('images', 'loadImages');
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!stream.write({ data })) await new Promise((resolve) => stream.once('drain', resolve));
    }
    stream.end();
    const result = await response;
    if (!flags.boolean('quiet')) ctx.out(result.loaded.map((line) => `${line}\n`).join(''));
  },
};
