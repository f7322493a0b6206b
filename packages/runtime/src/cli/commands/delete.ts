import { ContainerNotFoundError } from '../../errors';
import { boolFlag, containerId } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '[command options] <container-id>',
  summary: 'delete any resources held by the container often used with detached container',
  flags: { force: { kind: 'bool', aliases: ['f'] } },
  async run(args, ctx) {
    const id = containerId(args, 'delete');
    const force = boolFlag(args, 'force');
    try {
      await ctx.runtime().delete(id, force);
    } catch (error) {
      // runc: deleting a container that does not exist is fine with --force.
      if (force && error instanceof ContainerNotFoundError) return 0;
      throw error;
    }
    return 0;
  },
};
