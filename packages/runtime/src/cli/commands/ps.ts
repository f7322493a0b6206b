import { execFileSync } from 'node:child_process';
import { InvalidConfigError } from '../../errors';
import { stringFlag } from '../args';
import type { Command } from '../command';

export const command: Command = {
  usage: '[command options] <container-id> [ps options]',
  summary: 'ps displays the processes running inside a container',
  flags: { format: { kind: 'string', aliases: ['f'] } },
  async run(args, ctx) {
    const [id, ...psArgs] = args.positional;
    if (!id) throw new InvalidConfigError('"ps" requires a minimum of 1 argument');
    const pids = ctx.runtime().pids(id);
    const format = stringFlag(args, 'format') ?? 'table';
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(pids)}\n`);
      return 0;
    }
    if (format !== 'table') throw new InvalidConfigError(`invalid format option "${format}"`);
    const output = execFileSync('ps', psArgs.length ? psArgs : ['-ef'], { encoding: 'utf8' });
    const [header, ...lines] = output.split('\n');
    const pidColumn = header.trim().split(/\s+/).indexOf('PID');
    if (pidColumn < 0) throw new InvalidConfigError('ps: the output has no PID column');
    const wanted = new Set(pids);
    process.stdout.write(`${header}\n`);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      if (wanted.has(Number(fields[pidColumn]))) process.stdout.write(`${line}\n`);
    }
    return 0;
  },
};
