import { bool, list } from '../../args/flag-spec';
import { parseFilters } from '../../args/filters';
import { humanSize } from '../../format/units';
import type { CommandDefinition } from '../command';
import { confirm } from '../confirm';

export const containerPrune: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Remove all stopped containers',
  flags: [
    list('filter', 'Provide filter values (e.g. "until=<timestamp>")', undefined, 'filter'),
    bool('force', 'Do not prompt for confirmation', 'f'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    if (!flags.boolean('force') && !(await confirm(ctx, 'WARNING! This will remove all stopped containers.')))
      return;
    const engine = await ctx.engine();
    const result = await engine.call('containers', 'pruneContainers', {
      filters: parseFilters(flags.list('filter')),
    });
    if (result.containersDeleted.length)
      ctx.out(`Deleted Containers:\n${result.containersDeleted.map((id) => `${id}\n`).join('')}\n`);
    ctx.out(`Total reclaimed space: ${humanSize(result.spaceReclaimed)}\n`);
  },
};
