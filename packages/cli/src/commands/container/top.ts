import { alignColumns } from '../../format/table';
import type { CommandDefinition } from '../command';

export const top: CommandDefinition = {
  usage: 'CONTAINER [ps OPTIONS]',
  summary: 'Display the running processes of a container',
  flags: [],
  interspersed: false,
  minArgs: 1,
  async run(ctx, _flags, [id, ...psArgs]) {
    const engine = await ctx.engine();
    const result = await engine.call('containers', 'topContainer', { id, psArgs: psArgs.join(' ') });
    const lines = [result.titles.join('\t'), ...result.processes.map((row) => row.values.join('\t'))];
    ctx.out(
      alignColumns(lines, 20)
        .map((line) => `${line}\n`)
        .join(''),
    );
  },
};
