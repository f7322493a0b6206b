import { engine as api } from '@berth/api';
import { resolveEnvEntry, readEnvFile } from '../../args/env';
import { bool, list, str } from '../../args/flag-spec';
import { InvalidArgumentError } from '../../errors';
import { parseDetachKeys } from '../../terminal/detach-keys';
import { runSession, terminalSize, type SessionInput } from '../../terminal/session';
import type { CommandDefinition } from '../command';
import { DEFAULT_DETACH_KEYS } from './attach-session';
import { asCommandError } from './run-errors';

export const exec: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  summary: 'Execute a command in a running container',
  flags: [
    bool('detach', 'Detached mode: run command in the background', 'd'),
    str('detach-keys', 'Override the key sequence for detaching a container'),
    list('env', 'Set environment variables', 'e'),
    list('env-file', 'Read in a file of environment variables'),
    bool('interactive', 'Keep STDIN open even if not attached', 'i'),
    bool('privileged', 'Give extended privileges to the command'),
    bool('tty', 'Allocate a pseudo-TTY', 't'),
    str('user', 'Username or UID (format: "<name|uid>[:<group|gid>]")', 'u'),
    str('workdir', 'Working directory inside the container', 'w'),
  ],
  interspersed: false,
  minArgs: 2,
  async run(ctx, flags, [id, ...cmd]) {
    const tty = flags.boolean('tty');
    const interactive = flags.boolean('interactive');
    const detach = flags.boolean('detach');
    if (tty && interactive && !detach && !ctx.io.stdin.isTTY)
      throw new InvalidArgumentError('the input device is not a TTY');
    const engine = await ctx.engine();
    const stream = engine.duplex('containers', 'execContainer');
    stream.write({
      input: {
        $case: 'start',
        start: api.v1.ExecStart.fromPartial({
          id,
          cmd,
          env: [
            ...flags.list('env-file').flatMap((path) => readEnvFile(path, ctx.io.env)),
            ...flags.list('env').map((entry) => resolveEnvEntry(entry, ctx.io.env)),
          ],
          user: flags.string('user') ?? '',
          workingDir: flags.string('workdir') ?? '',
          tty,
          stdin: interactive && !detach,
          detach,
          detachKeys: flags.string('detach-keys') ?? DEFAULT_DETACH_KEYS,
          size: terminalSize(ctx.io),
          privileged: flags.boolean('privileged'),
        }),
      },
    });
    try {
      const result = await runSession(stream, (input: SessionInput) => ({ input }), {
        io: ctx.io,
        stdin: interactive && !detach,
        tty,
        mapError: (err) => engine.mapError(err),
        detachKeys: parseDetachKeys(flags.string('detach-keys') ?? DEFAULT_DETACH_KEYS),
      });
      return result.exitCode ?? 0;
    } catch (err) {
      // Like docker: 126/127 when the command cannot run; other engine failures exit 1.
      throw asCommandError(err);
    }
  },
};
