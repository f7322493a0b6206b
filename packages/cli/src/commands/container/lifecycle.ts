import { engine as api } from '@berth/api';
import { bool, str } from '../../args/flag-spec';
import { parseInteger } from '../../args/sizes';
import type { CommandDefinition } from '../command';
import { forEachTarget } from '../targets';

const TARGETS = '[OPTIONS] CONTAINER [CONTAINER...]';
const timeoutOf = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : parseInteger(value, '--time');

export const stop: CommandDefinition = {
  usage: TARGETS,
  summary: 'Stop one or more running containers',
  flags: [
    str('signal', 'Signal to send to the container', 's'),
    str('time', 'Seconds to wait before killing the container', 't', 'int'),
  ],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    const timeout = timeoutOf(flags.string('time'));
    await forEachTarget(ctx, args, async (id) => {
      await engine.call('containers', 'stopContainer', { id, timeout, signal: flags.string('signal') ?? '' });
    });
  },
};

export const restart: CommandDefinition = {
  usage: TARGETS,
  summary: 'Restart one or more containers',
  flags: [
    str('signal', 'Signal to send to the container', 's'),
    str('time', 'Seconds to wait before killing the container', 't', 'int'),
  ],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    const timeout = timeoutOf(flags.string('time'));
    await forEachTarget(ctx, args, async (id) => {
      await engine.call('containers', 'restartContainer', {
        id,
        timeout,
        signal: flags.string('signal') ?? '',
      });
    });
  },
};

export const kill: CommandDefinition = {
  usage: TARGETS,
  summary: 'Kill one or more running containers',
  flags: [str('signal', 'Signal to send to the container', 's')],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (id) => {
      await engine.call('containers', 'killContainer', { id, signal: flags.string('signal') ?? '' });
    });
  },
};

export const pause: CommandDefinition = {
  usage: 'CONTAINER [CONTAINER...]',
  summary: 'Pause all processes within one or more containers',
  flags: [],
  minArgs: 1,
  async run(ctx, _flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (id) => {
      await engine.call('containers', 'pauseContainer', { id });
    });
  },
};

export const unpause: CommandDefinition = {
  usage: 'CONTAINER [CONTAINER...]',
  summary: 'Unpause all processes within one or more containers',
  flags: [],
  minArgs: 1,
  async run(ctx, _flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (id) => {
      await engine.call('containers', 'unpauseContainer', { id });
    });
  },
};

export const rm: CommandDefinition = {
  usage: TARGETS,
  summary: 'Remove one or more containers',
  flags: [
    bool('force', 'Force the removal of a running container (uses SIGKILL)', 'f'),
    bool('volumes', 'Remove anonymous volumes associated with the container', 'v'),
    bool('link', 'Remove the specified link (accepted for compatibility; berth has no links)', 'l'),
  ],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (id) => {
      await engine.call('containers', 'removeContainer', {
        id,
        force: flags.boolean('force'),
        volumes: flags.boolean('volumes'),
      });
    });
  },
};

export const wait: CommandDefinition = {
  usage: 'CONTAINER [CONTAINER...]',
  summary: 'Block until one or more containers stop, then print their exit codes',
  flags: [],
  minArgs: 1,
  async run(ctx, _flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (id) => {
      const result = await engine.call('containers', 'waitContainer', {
        id,
        condition: api.v1.WaitCondition.WAIT_CONDITION_NOT_RUNNING,
      });
      return String(result.statusCode);
    });
  },
};

export const rename: CommandDefinition = {
  usage: 'CONTAINER NEW_NAME',
  summary: 'Rename a container',
  flags: [],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, _flags, [id, newName]) {
    const engine = await ctx.engine();
    await engine.call('containers', 'renameContainer', { id, newName });
  },
};
