import { InvalidArgumentError } from '../errors';

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** A Go duration ("10s", "1h30m", "250ms") in milliseconds. */
export function parseDuration(value: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * DURATION_UNITS[unit];
  }
  return total;
}

/**
 * A point in time as docker's `--since`/`--until` take it: a Go duration ago ("10m"), a unix
 * timestamp with optional fraction ("1700000000.5"), or an RFC 3339 date or date-time.
 */
export function parseTimeSpec(value: string, flag: string, now: Date): Date {
  const ago = parseDuration(value);
  if (ago !== undefined) return new Date(now.getTime() - ago);
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Math.round(Number(value) * 1000));
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    const parsed = new Date(value);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new InvalidArgumentError(
    `invalid value "${value}" for ${flag}: expected a duration (10m), a unix timestamp or an RFC 3339 time`,
  );
}
