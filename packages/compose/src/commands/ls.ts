// `compose ls`: projects the engine has containers of, with their states and compose files.
import { engine as api } from '@berth/api';
import type { CommandDefinition } from './command';
import { flag } from './flag-specs';
import { UsageError } from '../errors';
import { formatTable } from '../output/table';
import { LABEL_CONFIG_FILES, LABEL_PROJECT } from '../plan/labels';

export const ls: CommandDefinition = {
  name: 'ls',
  usage: '[OPTIONS]',
  summary: 'List running compose projects',
  maxArgs: 0,
  flags: [
    flag('all', 'boolean', 'Show all stopped Compose projects', 'a'),
    flag('quiet', 'boolean', 'Only display project names', 'q'),
    flag('format', 'string', 'Format the output: "table" or "json"'),
  ],
  async run(ctx, flags) {
    const format = flags.string('format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new UsageError(`invalid --format "${format}": expected "table" or "json"`);
    const containers = await ctx.engine().listContainers([{ key: 'label', value: LABEL_PROJECT }], true);
    const projects = new Map<string, { states: Map<string, number>; files: string }>();
    for (const container of containers) {
      const name = container.labels[LABEL_PROJECT];
      if (name === undefined) continue;
      const entry = projects.get(name) ?? {
        states: new Map<string, number>(),
        files: container.labels[LABEL_CONFIG_FILES] ?? '',
      };
      const state = stateName(container.state);
      entry.states.set(state, (entry.states.get(state) ?? 0) + 1);
      projects.set(name, entry);
    }
    const rows = [...projects.entries()]
      .filter(([, entry]) => flags.boolean('all') || entry.states.has('running'))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, entry]) => ({
        Name: name,
        Status: [...entry.states.entries()].map(([state, count]) => `${state}(${count})`).join(', '),
        ConfigFiles: entry.files,
      }));
    if (flags.boolean('quiet')) return ctx.out(rows.map((row) => `${row.Name}\n`).join(''));
    if (format === 'json') return ctx.out(`${JSON.stringify(rows)}\n`);
    ctx.out(
      formatTable(
        ['NAME', 'STATUS', 'CONFIG FILES'],
        rows.map((row) => [row.Name, row.Status, row.ConfigFiles]),
      ),
    );
  },
};

function stateName(state: api.v1.ContainerState): string {
  return api.v1.containerStateToJSON(state).replace('CONTAINER_STATE_', '').toLowerCase();
}
