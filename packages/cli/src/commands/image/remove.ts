import { bool, list } from '../../args/flag-spec';
import { parseFilters } from '../../args/filters';
import { formatCliError, PartialFailureError } from '../../errors';
import { humanSize } from '../../format/units';
import type { CommandDefinition } from '../command';
import { confirm } from '../confirm';

const untaggedAndDeleted = (result: { untagged: string[]; deleted: string[] }) =>
  [
    ...result.untagged.map((ref) => `Untagged: ${ref}\n`),
    ...result.deleted.map((id) => `Deleted: ${id}\n`),
  ].join('');

export const rmi: CommandDefinition = {
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  summary: 'Remove one or more images',
  flags: [
    bool('force', 'Force removal of the image', 'f'),
    bool('no-prune', 'Do not delete untagged parents'),
  ],
  minArgs: 1,
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    let failed = 0;
    for (const name of args) {
      try {
        const result = await engine.call('images', 'removeImage', {
          name,
          force: flags.boolean('force'),
          noPrune: flags.boolean('no-prune'),
        });
        ctx.out(untaggedAndDeleted(result));
      } catch (err) {
        failed++;
        ctx.err(`${formatCliError(`${ctx.name} ${name}`, err, ctx.debug)}\n`);
      }
    }
    if (failed) throw new PartialFailureError(failed);
  },
};

export const imagePrune: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Remove unused images',
  flags: [
    bool('all', 'Remove all unused images, not just dangling ones', 'a'),
    list('filter', 'Provide filter values (e.g. "until=<timestamp>")', undefined, 'filter'),
    bool('force', 'Do not prompt for confirmation', 'f'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const all = flags.boolean('all');
    const warning = all
      ? 'WARNING! This will remove all images without at least one container associated to them.'
      : 'WARNING! This will remove all dangling images.';
    if (!flags.boolean('force') && !(await confirm(ctx, warning))) return;
    const engine = await ctx.engine();
    const result = await engine.call('images', 'pruneImages', {
      all,
      filters: parseFilters(flags.list('filter')),
    });
    const deleted = untaggedAndDeleted(result);
    if (deleted) ctx.out(`Deleted Images:\n${deleted}\n`);
    ctx.out(`Total reclaimed space: ${humanSize(result.spaceReclaimed)}\n`);
  },
};
