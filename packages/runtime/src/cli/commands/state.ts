import { containerId } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '<container-id>',
  summary: 'output the state of a container',
  flags: {},
  async run(args, ctx) {
    process.stdout.write(`${JSON.stringify(ctx.runtime().state(containerId(args, 'state')), null, '  ')}\n`);
    return 0;
  },
};
