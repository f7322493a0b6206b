// start, stop, restart, kill, rm: one engine call per container of the named services, in
// dependency order for start and reverse order for the others.
import type { CommandContext, CommandDefinition } from './command';
import { flag } from './flag-specs';
import { statusLine } from '../output/status';
import { dependencyOrder } from '../plan/order';
import { ofServices, projectContainers, type ProjectContainer } from './project-containers';

async function selected(ctx: CommandContext, args: string[], reverse: boolean): Promise<ProjectContainer[]> {
  const project = await ctx.existingProject(args);
  const order = dependencyOrder(project.model.services, args, false);
  if (reverse) order.reverse();
  const containers = ofServices(await projectContainers(ctx.engine(), project.model.name), args);
  return order.flatMap((service) => containers.filter((c) => c.service === service));
}

export const start: CommandDefinition = {
  name: 'start',
  usage: '[SERVICE...]',
  summary: 'Start services',
  flags: [],
  async run(ctx, _flags, args) {
    for (const container of await selected(ctx, args, false)) {
      if (container.running) continue;
      await ctx.engine().startContainer(container.id);
      ctx.err(statusLine('Container', container.name, 'Started'));
    }
  },
};

export const stop: CommandDefinition = {
  name: 'stop',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Stop services',
  flags: [flag('timeout', 'string', 'Seconds to wait for the containers to stop', 't')],
  async run(ctx, flags, args) {
    const timeout = flags.integer('timeout');
    for (const container of await selected(ctx, args, true)) {
      if (!container.running) continue;
      await ctx.engine().stopContainer(container.id, timeout);
      ctx.err(statusLine('Container', container.name, 'Stopped'));
    }
  },
};

export const restart: CommandDefinition = {
  name: 'restart',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Restart service containers',
  flags: [flag('timeout', 'string', 'Seconds to wait for the containers to stop', 't')],
  async run(ctx, flags, args) {
    const timeout = flags.integer('timeout');
    for (const container of await selected(ctx, args, false)) {
      await ctx.engine().restartContainer(container.id, timeout);
      ctx.err(statusLine('Container', container.name, 'Restarted'));
    }
  },
};

export const kill: CommandDefinition = {
  name: 'kill',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Force stop service containers',
  flags: [flag('signal', 'string', 'SIGNAL to send to the container', 's')],
  async run(ctx, flags, args) {
    for (const container of await selected(ctx, args, true)) {
      if (!container.running) continue;
      await ctx.engine().killContainer(container.id, flags.string('signal') ?? 'SIGKILL');
      ctx.err(statusLine('Container', container.name, 'Killed'));
    }
  },
};

export const rm: CommandDefinition = {
  name: 'rm',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Removes stopped service containers',
  flags: [
    flag('force', 'boolean', "Don't ask to confirm removal (berth compose never asks)", 'f'),
    flag('stop', 'boolean', 'Stop the containers, if required, before removing', 's'),
    flag('volumes', 'boolean', 'Remove any anonymous volumes attached to containers', 'v'),
  ],
  async run(ctx, flags, args) {
    const engine = ctx.engine();
    const containers = await selected(ctx, args, true);
    const removable = containers.filter((c) => !c.running || flags.boolean('stop'));
    if (!removable.length) ctx.err('No stopped containers\n');
    for (const container of removable) {
      if (container.running) {
        await engine.stopContainer(container.id);
        ctx.err(statusLine('Container', container.name, 'Stopped'));
      }
      await engine.removeContainer(container.id, { volumes: flags.boolean('volumes') });
      ctx.err(statusLine('Container', container.name, 'Removed'));
    }
  },
};
