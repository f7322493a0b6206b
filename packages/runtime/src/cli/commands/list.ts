import { InvalidConfigError } from '../../errors';
import { boolFlag, stringFlag } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '[command options]',
  summary: 'lists containers started by berth-runtime with the given root',
  flags: { format: { kind: 'string', aliases: ['f'] }, quiet: { kind: 'bool', aliases: ['q'] } },
  async run(args, ctx) {
    const states = ctx.runtime().list();
    if (boolFlag(args, 'quiet')) {
      for (const s of states) process.stdout.write(`${s.id}\n`);
      return 0;
    }
    const format = stringFlag(args, 'format') ?? 'table';
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(states)}\n`);
      return 0;
    }
    if (format !== 'table') throw new InvalidConfigError(`invalid format option "${format}"`);
    const rows = [
      ['ID', 'PID', 'STATUS', 'BUNDLE', 'CREATED', 'OWNER'],
      ...states.map((s) => [s.id, String(s.pid), s.status, s.bundle, s.created, s.owner || 'root']),
    ];
    process.stdout.write(table(rows));
    return 0;
  },
};

/** Columns padded like Go's tabwriter(minwidth 12, padding 3), as runc prints them. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(12, ...rows.map((r) => r[c].length + 3)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('') + '\n')
    .join('');
}
