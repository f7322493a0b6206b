// `compose logs`: every selected container's log, prefixed with its name, interleaved as lines
// arrive; with -f, until the containers stop or the user interrupts.
import { engine as api } from '@berth/api';
import type { CommandContext, CommandDefinition } from './command';
import { flag } from './flag-specs';
import { LineSplitter, LogPrefixer } from '../output/log-prefix';
import { ofServices, projectContainers, type ProjectContainer } from './project-containers';
import { UsageError } from '../errors';

export const logs: CommandDefinition = {
  name: 'logs',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'View output from containers',
  flags: [
    flag('follow', 'boolean', 'Follow log output', 'f'),
    flag(
      'tail',
      'string',
      'Number of lines to show from the end of the logs for each container ("all")',
      'n',
    ),
    flag('timestamps', 'boolean', 'Show timestamps', 't'),
    flag('no-color', 'boolean', 'Produce monochrome output'),
    flag('no-log-prefix', 'boolean', "Don't print prefix in logs"),
  ],
  async run(ctx, flags, args) {
    const project = await ctx.existingProject(args);
    for (const service of args)
      if (!project.model.services[service]) throw new UsageError(`no such service: ${service}`);
    const tailText = flags.string('tail') ?? 'all';
    if (tailText !== 'all' && !/^\d+$/.test(tailText))
      throw new UsageError(`invalid --tail "${tailText}": expected a number or "all"`);
    const containers = ofServices(await projectContainers(ctx.engine(), project.model.name), args);
    await followLogs(ctx, containers, {
      follow: flags.boolean('follow'),
      tail: tailText === 'all' ? -1 : Number(tailText),
      timestamps: flags.boolean('timestamps'),
      colour: !flags.boolean('no-color'),
      prefix: !flags.boolean('no-log-prefix'),
    });
  },
};

export interface FollowOptions {
  follow: boolean;
  tail?: number;
  timestamps?: boolean;
  colour: boolean;
  prefix: boolean;
}

export async function followLogs(
  ctx: CommandContext,
  containers: ProjectContainer[],
  options: FollowOptions,
): Promise<void> {
  const prefixer = new LogPrefixer(
    containers.map((container) => container.name),
    options.colour && Boolean(ctx.io.stdout.isTTY),
  );
  await Promise.all(
    containers.map(async (container) => {
      const splitters = new Map<number, LineSplitter>();
      const write = (line: string, stream: number, time?: Date) => {
        const stamp = options.timestamps && time ? `${time.toISOString()} ` : '';
        const text = `${options.prefix ? prefixer.prefix(container.name) : ''}${stamp}${line}\n`;
        if (stream === api.v1.OutputStream.OUTPUT_STREAM_STDERR) ctx.io.stderr.write(text);
        else ctx.out(text);
      };
      await ctx.engine().containerLogs(
        { id: container.id, follow: options.follow, tail: options.tail ?? -1 },
        (message) => {
          let splitter = splitters.get(message.stream);
          if (!splitter) splitters.set(message.stream, (splitter = new LineSplitter()));
          for (const line of splitter.push(Buffer.from(message.data).toString('utf8')))
            write(line, message.stream, message.time);
        },
        ctx.signal,
      );
      for (const [stream, splitter] of splitters) for (const line of splitter.flush()) write(line, stream);
    }),
  );
}
