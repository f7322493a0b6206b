import { bool, list, str } from '../../args/flag-spec';
import { parseFilters } from '../../args/filters';
import { parseInteger } from '../../args/sizes';
import { renderRows } from '../../format/render';
import type { CommandDefinition } from '../command';
import { PS_DEFAULT_FORMAT, PS_HEADERS, psRow } from './ps-rows';

export const ps: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'List containers',
  flags: [
    bool('all', 'Show all containers (default shows just running)', 'a'),
    list('filter', 'Filter output based on conditions provided', 'f', 'filter'),
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    str('last', 'Show n last created containers (includes all states)', 'n', 'int'),
    bool('latest', 'Show the latest created container (includes all states)', 'l'),
    bool('no-trunc', "Don't truncate output"),
    bool('quiet', 'Only display container IDs', 'q'),
    bool('size', 'Display total file sizes', 's'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const last = flags.boolean('latest') ? 1 : parseInteger(flags.string('last') ?? '0', '--last');
    const engine = await ctx.engine();
    // Measuring walks every writable layer: only when shown (-s, or a format using .Size), as docker.
    const size = flags.boolean('size') || /\.Size\b/.test(flags.string('format') ?? '');
    const { containers } = await engine.call('containers', 'listContainers', {
      all: flags.boolean('all') || last > 0,
      filters: parseFilters(flags.list('filter')),
      limit: Math.max(0, last),
      size,
    });
    const noTrunc = flags.boolean('no-trunc');
    const rows = containers.map((container) => psRow(container, ctx.now(), noTrunc));
    let format = flags.string('format');
    if (flags.boolean('quiet')) format = '{{.ID}}';
    else if (flags.boolean('size') && !format) format = `${PS_DEFAULT_FORMAT}\t{{.Size}}`;
    ctx.out(renderRows(rows, { format, defaultFormat: PS_DEFAULT_FORMAT, headers: PS_HEADERS }));
  },
};
