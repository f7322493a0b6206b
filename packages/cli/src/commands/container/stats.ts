import type { engine as api } from '@berth/api';
import { bool, str } from '../../args/flag-spec';
import { renderRows } from '../../format/render';
import type { CommandDefinition } from '../command';
import { STATS_DEFAULT_FORMAT, STATS_HEADERS, statsRow } from './stats-rows';

// On a terminal each refresh redraws the table from the top-left corner, as docker's does.
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

export const stats: CommandDefinition = {
  usage: '[OPTIONS] [CONTAINER...]',
  summary: 'Display a live stream of container(s) resource usage statistics',
  flags: [
    bool('all', 'Show all containers (default shows just running)', 'a'),
    str('format', "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or 'TEMPLATE'"),
    bool('no-stream', 'Disable streaming stats and only pull the first result'),
    bool('no-trunc', "Don't truncate output"),
  ],
  async run(ctx, flags, args) {
    const engine = await ctx.engine();
    let targets = args;
    if (targets.length === 0) {
      const { containers } = await engine.call('containers', 'listContainers', {
        all: flags.boolean('all'),
        size: false,
        filters: [],
        limit: 0,
      });
      targets = containers.map((container) => container.id);
    }
    const streaming = !flags.boolean('no-stream');
    const latest = new Map<string, api.v1.ContainerStatsResponse>();
    const render = () => {
      const rows = targets.flatMap((target) => {
        const sample = latest.get(target);
        return sample ? [statsRow(sample, target, flags.boolean('no-trunc'))] : [];
      });
      const table = renderRows(rows, {
        format: flags.string('format'),
        defaultFormat: STATS_DEFAULT_FORMAT,
        headers: STATS_HEADERS,
      });
      ctx.out(streaming && ctx.io.stdout.isTTY ? CLEAR_SCREEN + table : table);
    };
    await Promise.all(
      targets.map(async (id) => {
        for await (const sample of engine.stream('containers', 'containerStats', { id, stream: streaming })) {
          latest.set(id, sample);
          if (streaming) render();
        }
      }),
    );
    if (!streaming) render();
  },
};
