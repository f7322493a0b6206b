import { containerId } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '<container-id>',
  summary: 'executes the user defined process in a created container',
  flags: {},
  async run(args, ctx) {
    await ctx.runtime().start(containerId(args, 'start'));
    return 0;
  },
};
