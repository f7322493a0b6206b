import { InvalidConfigError } from '../../errors';
import { boolFlag, containerId, stringFlag } from '../args';
import type { Command } from '../command';

const OOM_SETTLE_MS = 250;

/** Go duration strings as runc's --interval takes them ("5s", "500ms", "1m"). */
function parseInterval(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) throw new InvalidConfigError(`invalid --interval "${text}": use e.g. 5s or 500ms`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  const ms = Number(match[1]) * unit;
  if (ms <= 0) throw new InvalidConfigError('duration interval must be greater than 0');
  return ms;
}

export const command: Command = {
  usage: '[command options] <container-id>',
  summary: 'display container events such as OOM notifications, cpu, memory, and IO usage statistics',
  flags: { interval: { kind: 'string' }, stats: { kind: 'bool' } },
  async run(args, ctx) {
    const id = containerId(args, 'events');
    const runtime = ctx.runtime();
    const emit = () =>
      process.stdout.write(`${JSON.stringify({ type: 'stats', id, data: runtime.stats(id) })}\n`);
    if (boolFlag(args, 'stats')) {
      emit();
      return 0;
    }
    const interval = parseInterval(stringFlag(args, 'interval') ?? '5s');
    const stop = runtime.watchOom(id, () => process.stdout.write(`${JSON.stringify({ type: 'oom', id })}\n`));
    try {
      for (;;) {
        const status = runtime.state(id).status;
        if (status === 'stopped') {
          // An OOM kill is often what stopped it: let the OOM sampler (100 ms) take its last look.
          await new Promise((resolve) => setTimeout(resolve, OOM_SETTLE_MS));
          return 0;
        }
        emit();
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    } finally {
      stop();
    }
  },
};
