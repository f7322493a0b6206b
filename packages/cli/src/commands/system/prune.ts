import { bool, list } from '../../args/flag-spec';
import { parseFilters } from '../../args/filters';
import { humanSize } from '../../format/units';
import type { CommandDefinition } from '../command';
import { confirm } from '../confirm';

const section = (title: string, items: readonly string[]) =>
  items.length ? `${title}:\n${items.map((item) => `${item}\n`).join('')}\n` : '';

export const systemPrune: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Remove unused data',
  flags: [
    bool('all', 'Remove all unused images not just dangling ones', 'a'),
    list('filter', 'Provide filter values (e.g. "label=<key>=<value>")', undefined, 'filter'),
    bool('force', 'Do not prompt for confirmation', 'f'),
    bool('volumes', 'Prune anonymous volumes'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const all = flags.boolean('all');
    const volumes = flags.boolean('volumes');
    const items = [
      'all stopped containers',
      'all networks not used by at least one container',
      ...(volumes ? ['all anonymous volumes not used by at least one container'] : []),
      all ? 'all images without at least one container associated to them' : 'all dangling images',
    ];
    const warning = `WARNING! This will remove:\n${items.map((item) => `  - ${item}`).join('\n')}`;
    if (!flags.boolean('force') && !(await confirm(ctx, warning))) return;
    const engine = await ctx.engine();
    const result = await engine.call('system', 'pruneSystem', {
      all,
      volumes,
      filters: parseFilters(flags.list('filter')),
    });
    ctx.out(
      section('Deleted Containers', result.containersDeleted) +
        section('Deleted Networks', result.networksDeleted) +
        section('Deleted Volumes', result.volumesDeleted) +
        section('Deleted Images', result.imagesDeleted) +
        `Total reclaimed space: ${humanSize(result.spaceReclaimed)}\n`,
    );
  },
};
