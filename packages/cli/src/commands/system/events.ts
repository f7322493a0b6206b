import { engine as api } from '@berth/api';
import { list, str } from '../../args/flag-spec';
import { parseFilters } from '../../args/filters';
import { parseTimeSpec } from '../../args/time';
import { GoTemplate } from '../../format/template';
import type { CommandDefinition } from '../command';

const TYPE_NAMES = ['', 'container', 'image', 'network', 'volume'];

/** Nanosecond-style ISO time as docker prints events: "2026-11-23T15:04:05.123000000Z". */
function eventTime(time: Date | undefined): string {
  return time ? time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z') : '';
}

export const events: CommandDefinition = {
  usage: '[OPTIONS]',
  summary: 'Get real time events from the engine',
  flags: [
    list('filter', 'Filter output based on conditions provided', 'f', 'filter'),
    str('format', "Format output using a custom template: 'json' or a Go template"),
    str('since', 'Show all events created since timestamp'),
    str('until', 'Stream events until this timestamp'),
  ],
  maxArgs: 0,
  async run(ctx, flags) {
    const since = flags.string('since');
    const until = flags.string('until');
    const format = flags.string('format');
    const template = format && format !== 'json' ? new GoTemplate(format) : undefined;
    const engine = await ctx.engine();
    const stream = engine.stream(
      'system',
      'events',
      api.v1.EventsRequest.fromPartial({
        since: since === undefined ? undefined : parseTimeSpec(since, '--since', ctx.now()),
        until: until === undefined ? undefined : parseTimeSpec(until, '--until', ctx.now()),
        filters: parseFilters(flags.list('filter')),
      }),
    );
    for await (const event of stream) {
      const type = TYPE_NAMES[event.type] ?? 'unknown';
      const actor = event.actor ?? { id: '', attributes: {} };
      const doc = {
        Type: type,
        Action: event.action,
        Actor: { ID: actor.id, Attributes: actor.attributes },
        scope: 'local',
        time: Math.floor((event.time?.getTime() ?? 0) / 1000),
        timeNano: (event.time?.getTime() ?? 0) * 1e6,
      };
      if (format === 'json') ctx.out(`${JSON.stringify(doc)}\n`);
      else if (template) ctx.out(`${template.execute(doc)}\n`);
      else {
        const attributes = Object.keys(actor.attributes)
          .sort()
          .map((key) => `${key}=${actor.attributes[key]}`)
          .join(', ');
        ctx.out(
          `${eventTime(event.time)} ${type} ${event.action} ${actor.id}${attributes ? ` (${attributes})` : ''}\n`,
        );
      }
    }
  },
};
