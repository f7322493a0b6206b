import { bool, str } from '../../args/flag-spec';
import type { CommandDefinition } from '../command';
import { attachableTarget, attachToContainer } from './attach-session';

export const attach: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER',
  summary: 'Attach local standard input, output, and error streams to a running container',
  flags: [
    str('detach-keys', 'Override the key sequence for detaching a container'),
    bool('no-stdin', 'Do not attach STDIN'),
    { ...bool('sig-proxy', 'Proxy all received signals to the process'), defaultText: 'true' },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [id]) {
    const engine = await ctx.engine();
    const result = await attachToContainer(ctx, engine, {
      id,
      stdin: !flags.boolean('no-stdin'),
      tty: (await attachableTarget(engine, id)).tty,
      detachKeys: flags.string('detach-keys'),
      sigProxy: !flags.has('sig-proxy') || flags.boolean('sig-proxy'),
    });
    if (result.detached) return 0;
    return result.exitCode ?? 0;
  },
};
