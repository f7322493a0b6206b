// `compose config`: the resolved model (merged, interpolated, long syntax) as YAML or JSON.
import { stringify } from 'yaml';
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { UsageError } from '../errors';

export const config: CommandDefinition = {
  name: 'config',
  usage: '[OPTIONS] [SERVICE...]',
  summary: 'Parse, resolve and render compose file in canonical format',
  flags: [
    flag('quiet', 'boolean', "Only validate the configuration, don't print anything", 'q'),
    flag('services', 'boolean', 'Print the service names, one per line'),
    flag('volumes', 'boolean', 'Print the volume names, one per line'),
    flag('networks', 'boolean', 'Print the network names, one per line'),
    flag('format', 'string', 'Format the output: "yaml" or "json"'),
  ],
  async run(ctx, flags, args) {
    const format = flags.string('format') ?? 'yaml';
    if (format !== 'yaml' && format !== 'json')
      throw new UsageError(`invalid --format "${format}": expected "yaml" or "json"`);
    const { model } = ctx.project(args);
    for (const service of args)
      if (!model.services[service]) throw new UsageError(`no such service: ${service}`);
    if (flags.boolean('quiet')) return;
    const lines = (names: string[]) => ctx.out(names.map((name) => `${name}\n`).join(''));
    if (flags.boolean('services')) return lines(Object.keys(model.services));
    if (flags.boolean('volumes')) return lines(Object.keys(model.volumes));
    if (flags.boolean('networks')) return lines(Object.keys(model.networks));
    const services = args.length
      ? Object.fromEntries(args.map((name) => [name, model.services[name]]))
      : model.services;
    const shown = { name: model.name, services, networks: model.networks, volumes: model.volumes };
    ctx.out(
      format === 'json'
        ? `${JSON.stringify(shown, null, 2)}\n`
        : stringify(shown, { aliasDuplicateObjects: false }),
    );
  },
};
