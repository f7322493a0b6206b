import { containerId } from '../args';
import type { Command } from '../command';
import { CREATE_FLAGS, createOptions, prestartCreateHelper } from './create-flags';

export const command: Command = {
  usage: '[command options] <container-id>',
  summary: 'create a container',
  flags: CREATE_FLAGS,
  prepare: prestartCreateHelper,
  async run(args, ctx) {
    const id = containerId(args, 'create');
    await ctx.runtime().create(id, createOptions(args));
    return 0;
  },
};
