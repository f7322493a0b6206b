// `compose top` and `compose port`: per-container views through the engine.
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { ComposeError, UsageError } from '../errors';
import { formatTable } from '../output/table';
import { ofServices, projectContainers } from './project-containers';
import { serviceContainer } from './service-container';

export const top: CommandDefinition = {
  name: 'top',
  usage: '[SERVICE...]',
  summary: 'Display the running processes',
  flags: [],
  async run(ctx, _flags, args) {
    const { model } = await ctx.existingProject(args);
    const engine = ctx.engine();
    const containers = ofServices(await projectContainers(engine, model.name), args).filter((c) => c.running);
    for (const container of containers) {
      const top = await engine.topContainer(container.id);
      ctx.out(
        `${container.name}\n${formatTable(
          top.titles,
          top.processes.map((row) => row.values),
        )}\n`,
      );
    }
  },
};

export const port: CommandDefinition = {
  name: 'port',
  usage: '[OPTIONS] SERVICE PRIVATE_PORT',
  summary: 'Print the public port for a port binding',
  minArgs: 2,
  maxArgs: 2,
  flags: [
    flag('protocol', 'string', 'tcp or udp'),
    flag('index', 'string', 'Index of the container if service has multiple replicas'),
  ],
  async run(ctx, flags, args) {
    const [service, privatePort] = args;
    if (!/^\d+$/.test(privatePort)) throw new UsageError(`invalid port "${privatePort}"`);
    const protocol = flags.string('protocol') ?? 'tcp';
    const project = ctx.project([service]);
    const engine = ctx.engine();
    const container = await serviceContainer(engine, project, service, flags.integer('index') ?? 1);
    const { ports } = await engine.containerPort(container.id);
    const binding = ports.find(
      (p) => p.containerPort === Number(privatePort) && (p.protocol || 'tcp') === protocol,
    );
    if (!binding)
      throw new ComposeError(
        'ContainerUnavailable',
        `no port ${privatePort}/${protocol} published for ${container.name}`,
      );
    ctx.out(`${binding.hostIp || '0.0.0.0'}:${binding.hostPort}\n`);
  },
};
