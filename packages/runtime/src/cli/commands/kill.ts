import { InvalidConfigError } from '../../errors';
import { boolFlag } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '[command options] <container-id> [signal]',
  summary: "kill sends the specified signal (default: SIGTERM) to the container's init process",
  flags: { all: { kind: 'bool', aliases: ['a'] } },
  async run(args, ctx) {
    const [id, signal, ...extra] = args.positional;
    if (!id) throw new InvalidConfigError('"kill" requires a minimum of 1 argument');
    if (extra.length > 0) throw new InvalidConfigError('"kill" requires a maximum of 2 arguments');
    await ctx.runtime().kill(id, signal ?? 'SIGTERM', boolFlag(args, 'all'));
    return 0;
  },
};
