import { bool, list, str } from '../args/flag-spec';
import { parseKeyValues } from '../args/env';
import { parseFilters } from '../args/filters';
import { InvalidArgumentError } from '../errors';
import { renderRows } from '../format/render';
import { labelsText, withLabelMethod } from '../format/rows';
import { humanSize } from '../format/units';
import type { CommandDefinition } from './command';
import { confirm } from './confirm';
import { forEachTarget } from './targets';

const HEADERS = {
  Driver: 'DRIVER',
  Name: 'VOLUME NAME',
  Mountpoint: 'MOUNTPOINT',
  Scope: 'SCOPE',
  Size: 'SIZE',
  Links: 'LINKS',
};
const DEFAULT_FORMAT = 'table {{.Driver}}\t{{.Name}}';

export const volumeCreate: CommandDefinition = {
  usage: '[OPTIONS] [VOLUME]',
  summary: 'Create a volume',
  flags: [
    str('driver', 'Specify volume driver name', 'd'),
    list('label', 'Set metadata for a volume'),
    str('name', 'Specify volume name'),
    list('opt', 'Set driver specific options', 'o', 'map'),
  ],
  maxArgs: 1,
  async run(ctx, flags, [positional]) {
    const named = flags.string('name');
    if (positional && named && positional !== named) {
      throw new InvalidArgumentError(
        `conflicting options: either specify --name or provide positional arg, not both`,
      );
    }
    const engine = await ctx.engine();
    const { volume } = await engine.call('volumes', 'createVolume', {
      name: positional ?? named ?? '',
      driver: flags.string('driver') ?? 'local',
      driverOpts: parseKeyValues(flags.list('opt'), '--opt'),
      labels: parseKeyValues(flags.list('label'), '--label'),
    });
    ctx.out(`${volume?.name ?? ''}\n`);
  },
};

export const volumeLs: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'List volumes',
  flags: [
    list('filter', "Provide filter values (e.g. 'dangling=true')", 'f', 'filter'),
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    bool('quiet', 'Only display volume names', 'q'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const engine = await ctx.engine();
    const result = await engine.call('volumes', 'listVolumes', {
      filters: parseFilters(flags.list('filter')),
    });
    for (const warning of result.warnings) ctx.err(`WARNING: ${warning}\n`);
    const rows = result.volumes.map((volume) =>
      withLabelMethod(
        {
          Driver: volume.driver,
          Labels: labelsText(volume.labels),
          Links: String(volume.usedBy.length),
          Mountpoint: volume.mountpoint,
          Name: volume.name,
          Scope: volume.scope,
          Size: volume.size >= 0 ? humanSize(volume.size) : 'N/A',
        },
        volume.labels,
      ),
    );
    const format = flags.boolean('quiet') ? '{{.Name}}' : flags.string('format');
    ctx.out(renderRows(rows, { format, defaultFormat: DEFAULT_FORMAT, headers: HEADERS }));
  },
};

export const volumeRm: CommandDefinition = {
  usage: '[OPTIONS] VOLUME [VOLUME...]',
  summary: 'Remove one or more volumes',
  flags: [bool('force', 'Force the removal of one or more volumes', 'f')],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    await forEachTarget(ctx, args, async (name) => {
      await engine.call('volumes', 'removeVolume', { name, force: flags.boolean('force') });
    });
  },
};

export const volumePrune: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Remove unused local volumes',
  flags: [
    bool('all', 'Remove all unused volumes, not just anonymous ones', 'a'),
    list('filter', 'Provide filter values (e.g. "label=<label>")', undefined, 'filter'),
    bool('force', 'Do not prompt for confirmation', 'f'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    if (
      !flags.boolean('force') &&
      !(await confirm(
        ctx,
        'WARNING! This will remove anonymous local volumes not used by at least one container.',
      ))
    )
      return;
    const engine = await ctx.engine();
    const result = await engine.call('volumes', 'pruneVolumes', {
      filters: parseFilters(flags.list('filter')),
      all: flags.boolean('all'),
    });
    if (result.volumesDeleted.length)
      ctx.out(`Deleted Volumes:\n${result.volumesDeleted.map((name) => `${name}\n`).join('')}\n`);
    ctx.out(`Total reclaimed space: ${humanSize(result.spaceReclaimed)}\n`);
  },
};
