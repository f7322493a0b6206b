// `compose ps`: the project's containers, one row each (running only, unless -a).
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { UsageError } from '../errors';
import { formatTable } from '../output/table';
import { ofServices, projectContainers, type ProjectContainer } from './project-containers';

export const ps: CommandDefinition = {
  name: 'ps',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'List containers',
  flags: [
    flag('all', 'boolean', 'Show all stopped containers', 'a'),
    flag('quiet', 'boolean', 'Only display IDs', 'q'),
    flag('services', 'boolean', 'Display services'),
    flag('format', 'string', 'Format the output: "table" or "json"'),
  ],
  async run(ctx, flags, args) {
    const format = flags.string('format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`invalid --format "${format}": expected "table" or "json"`);
    const project = await ctx.existingProject(args);
    const all = await projectContainers(ctx.engine(), project.model.name);
    const containers = ofServices(all, args).filter((container) => flags.boolean('all') || container.running);
    if (flags.boolean('quiet')) return ctx.out(containers.map((c) => `${c.id}\n`).join(''));
    if (flags.boolean('services'))
      return ctx.out([...new Set(containers.map((c) => c.service))].map((s) => `${s}\n`).join(''));
    if (format === 'json') return ctx.out(`${JSON.stringify(containers.map(jsonRow))}\n`);
    ctx.out(
      formatTable(
        ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
        containers.map((c) => [
          c.name,
          c.summary.image,
          quoteCommand(c.summary.command),
          c.service,
          created(c),
          c.summary.status,
          ports(c),
        ]),
      ),
    );
  },
};

function jsonRow(c: ProjectContainer) {
  return {
    ID: c.id,
    Name: c.name,
    Image: c.summary.image,
    Command: c.summary.command,
    Project: c.summary.labels['com.docker.compose.project'],
    Service: c.service,
    Created: c.summary.created ? Math.floor(c.summary.created.getTime() / 1000) : 0,
    State: c.running ? 'running' : 'exited',
    Status: c.summary.status,
    // docker compose's Health: "starting", "healthy", "unhealthy", or "" without a healthcheck.
    Health: c.summary.health,
    Publishers: c.summary.ports.map((p) => ({
      URL: p.ip,
      TargetPort: p.privatePort,
      PublishedPort: p.publicPort,
      Protocol: p.type,
    })),
  };
}

function quoteCommand(command: string): string {
  return `"${command.length > 20 ? `${command.slice(0, 19)}…` : command}"`;
}

function created(c: ProjectContainer): string {
  return c.summary.created
    ? c.summary.created
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
    : '';
}

export function ports(c: ProjectContainer): string {
  return c.summary.ports
    .map((p) =>
      p.publicPort
        ? `${p.ip || '0.0.0.0'}:${p.publicPort}->${p.privatePort}/${p.type}`
        : `${p.privatePort}/${p.type}`,
    )
    .join(', ');
}
