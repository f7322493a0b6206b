import { bool, str } from '../../args/flag-spec';
import { PartialFailureError, UsageError } from '../../errors';
import type { CommandDefinition } from '../command';
import { forEachTarget } from '../targets';
import { containerHasTty } from './attach-session';
import { startAttached } from './start-attached';

export const start: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  summary: 'Start one or more stopped containers',
  flags: [
    bool('attach', 'Attach STDOUT/STDERR and forward signals', 'a'),
    bool('interactive', "Attach container's STDIN", 'i'),
    str('detach-keys', 'Override the key sequence for detaching a container'),
  ],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    const attach = flags.boolean('attach') || flags.boolean('interactive');
    if (!attach) {
      await forEachTarget(ctx, args, async (id) => {
        await engine.call('containers', 'startContainer', { id });
      });
      return;
    }
    if (args.length > 1)
      throw new UsageError('you cannot start and attach multiple containers at once', ctx.name);
    const [id] = args;
    const result = await startAttached(ctx, engine, {
      id,
      stdin: flags.boolean('interactive'),
      tty: await containerHasTty(engine, id),
      detachKeys: flags.string('detach-keys'),
    });
    if (result.detached) return 0;
    if (result.exitCode === undefined) throw new PartialFailureError(1);
    return result.exitCode;
  },
};
