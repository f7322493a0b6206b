// The filters docker's prune commands accept: until (a time, RFC 3339 or Unix seconds, or a
// duration like 24h meaning that long ago), label=..., label!=....
import { InvalidOptionError } from '../errors';
import { groupFilters, labelMatches, type FilterEntry } from '../filters';

export const PRUNE_FILTERS = ['until', 'label', 'label!'] as const;

const DURATION = /^(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseUntil(value: string, now: number): number {
  const duration = DURATION.exec(value);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]];
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new InvalidOptionError('filter', `until="${value}" is not a time or duration`);
  return time;
}

/** A predicate over (created time, labels) for the given prune filters. */
export function pruneMatcher(filters: FilterEntry[], what: string, now = Date.now()) {
  const groups = groupFilters(filters, PRUNE_FILTERS, what);
  const until = (groups.get('until') ?? []).map((v) => parseUntil(v, now));
  return (created: number, labels: Record<string, string>): boolean =>
    until.every((limit) => created < limit) &&
    (groups.get('label') ?? []).every((f) => labelMatches(labels, f)) &&
    !(groups.get('label!') ?? []).some((f) => labelMatches(labels, f));
}
