import { engine as api } from '@berth/api';
import type { ParsedFlags } from '../../args/parsed-flags';
import { CREATE_FLAGS, RUN_ONLY_FLAGS } from './create-flags';
import { buildCreateRequest } from './create-config';
import { createContainer } from './create-container';
import { asRunError } from './run-errors';
import { startAttached } from './start-attached';
import { DEFAULT_DETACH_KEYS } from './attach-session';
import { parseDetachKeys } from '../../terminal/detach-keys';
import type { CommandContext, CommandDefinition } from '../command';
import { EXIT_OK } from '../../exit-codes';
import { InvalidArgumentError } from '../../errors';

/** The CreateContainer request; `foreground` is `run` without -d, which attaches right away. */
function request(
  ctx: CommandContext,
  flags: ParsedFlags,
  args: string[],
  foreground: boolean,
): api.v1.CreateContainerRequest {
  const [image, ...command] = args;
  const req = buildCreateRequest(flags, image, command, ctx.io.env);
  // docker's `run -i` in the foreground closes the container's stdin when our stdin ends.
  if (req.config && flags.boolean('interactive') && foreground) req.config.stdinOnce = true;
  return req;
}

export const create: CommandDefinition = {
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Create a new container',
  flags: CREATE_FLAGS,
  interspersed: false,
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    const created = await createContainer(ctx, engine, request(ctx, flags, args, false));
    ctx.out(`${created.id}\n`);
  },
};

export const run: CommandDefinition = {
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  summary: 'Create and run a new container from an image',
  flags: [...CREATE_FLAGS, ...RUN_ONLY_FLAGS],
  interspersed: false,
  minArgs: 1,
  async run(ctx, flags, args) {
    try {
      return await runContainer(ctx, flags, args);
    } catch (err) {
      throw asRunError(err);
    }
  },
};

async function runContainer(ctx: CommandContext, flags: ParsedFlags, args: string[]): Promise<number> {
  const detach = flags.boolean('detach');
  const tty = flags.boolean('tty');
  const interactive = flags.boolean('interactive');
  if (tty && interactive && !ctx.io.stdin.isTTY && !detach) {
    throw new InvalidArgumentError('the input device is not a TTY');
  }
  // Checked before anything is created.
  parseDetachKeys(flags.string('detach-keys') ?? DEFAULT_DETACH_KEYS);
  const engine = await ctx.engine();
  const created = await createContainer(ctx, engine, request(ctx, flags, args, !detach));
  if (detach) {
    await engine.call('containers', 'startContainer', { id: created.id });
    ctx.out(`${created.id}\n`);
    return EXIT_OK;
  }

  const result = await startAttached(ctx, engine, {
    id: created.id,
    stdin: interactive,
    tty,
    detachKeys: flags.string('detach-keys'),
    sigProxy: !flags.has('sig-proxy') || flags.boolean('sig-proxy'),
    autoRemove: flags.boolean('rm'),
  });
  return result.detached ? EXIT_OK : (result.exitCode ?? EXIT_OK);
}
