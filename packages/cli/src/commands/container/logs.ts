import { bool, str } from '../../args/flag-spec';
import { parseInteger } from '../../args/sizes';
import { parseTimeSpec } from '../../args/time';
import type { CommandDefinition } from '../command';

const STDERR = 2;

export const logs: CommandDefinition = {
  usage: '[OPTIONS] CONTAINER',
  summary: 'Fetch the logs of a container',
  flags: [
    bool('details', 'Show extra details provided to logs (accepted; berth logs carry none)'),
    bool('follow', 'Follow log output', 'f'),
    str(
      'since',
      'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
    str('tail', 'Number of lines to show from the end of the logs', 'n', 'string'),
    bool('timestamps', 'Show timestamps', 't'),
    str(
      'until',
      'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)',
    ),
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, flags, [id]) {
    const tailText = flags.string('tail') ?? 'all';
    // Unset asks for every line; 0 for none (with -f: only new ones), as docker's --tail 0.
    const tail = tailText === 'all' ? undefined : parseInteger(tailText, '--tail');
    const since = flags.string('since');
    const until = flags.string('until');
    const engine = await ctx.engine();
    const stream = engine.stream('containers', 'containerLogs', {
      id,
      follow: flags.boolean('follow'),
      tail,
      since: since === undefined ? undefined : parseTimeSpec(since, '--since', ctx.now()),
      until: until === undefined ? undefined : parseTimeSpec(until, '--until', ctx.now()),
      stdout: true,
      stderr: true,
    });
    const timestamps = flags.boolean('timestamps');
    for await (const line of stream) {
      const out = line.stream === STDERR ? ctx.io.stderr : ctx.io.stdout;
      if (timestamps && line.time) out.write(`${line.time.toISOString()} `);
      out.write(line.data);
    }
  },
};
