import { bool, str } from '../../args/flag-spec';
import { renderRows } from '../../format/render';
import { ellipsis, goTimeString, humanSize, shortId, timeAgo } from '../../format/units';
import type { CommandDefinition } from '../command';

const HEADERS = {
  ID: 'IMAGE',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  CreatedBy: 'CREATED BY',
  Size: 'SIZE',
  Comment: 'COMMENT',
};
const DEFAULT_FORMAT = 'table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}';

export const history: CommandDefinition = {
  usage: '[OPTIONS] IMAGE',
  summary: 'Show the history of an image',
  flags: [
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    bool('human', 'Print sizes and dates in human readable format', 'H'),
    bool('no-trunc', "Don't truncate output"),
    bool('quiet', 'Only show image IDs', 'q'),
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [name]) {
    const engine = await ctx.engine();
    const { items } = await engine.call('images', 'imageHistory', { name });
    const noTrunc = flags.boolean('no-trunc');
    const human = !flags.has('human') || flags.boolean('human');
    const rows = items.map((item) => ({
      Comment: item.comment,
      CreatedAt: goTimeString(item.created),
      CreatedBy: noTrunc ? item.createdBy : ellipsis(item.createdBy.replace(/\t/g, ' '), 45),
      CreatedSince: human ? timeAgo(item.created, ctx.now()) : goTimeString(item.created),
      ID: item.id === '<missing>' || noTrunc ? item.id : shortId(item.id),
      Size: human ? humanSize(item.size) : String(item.size),
    }));
    const format = flags.boolean('quiet') ? '{{.ID}}' : flags.string('format');
    ctx.out(renderRows(rows, { format, defaultFormat: DEFAULT_FORMAT, headers: HEADERS }));
  },
};
