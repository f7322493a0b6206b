// Human-readable numbers and times, worded as docker's go-units prints them.

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Go's %.4g: four significant digits, no trailing zeros. */
function fourSignificant(value: number): string {
  return String(Number(value.toPrecision(4)));
}

function scaled(bytes: number, base: number, units: readonly string[]): string {
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  return `${fourSignificant(value)}${units[unit]}`;
}

/** Sizes in powers of 1000 ("4.261MB"), as `docker images` and `system df` print them. */
export const humanSize = (bytes: number): string => scaled(bytes, 1000, DECIMAL_UNITS);

/** Sizes in powers of 1024 ("1.5MiB"), as `docker stats` prints memory. */
export const binarySize = (bytes: number): string => scaled(bytes, 1024, BINARY_UNITS);

/** A duration in words: "Less than a second", "About a minute", "3 hours", "2 weeks". */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  const minutes = Math.floor(milliseconds / 60_000);
  const hours = Math.round(milliseconds / 3_600_000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** "3 minutes ago"; empty for an unknown time. */
export function timeAgo(time: Date | undefined, now: Date): string {
  if (!time || time.getTime() <= 0) return '';
  return `${humanDuration(Math.max(0, now.getTime() - time.getTime()))} ago`;
}

/** The 12-character form of an id, without its "sha256:" prefix. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Cuts text to `max` characters, the last being "…", as docker's formatter.Ellipsis. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Go's time.Time String() as docker prints CreatedAt: "2026-11-23 15:04:05 +0000 UTC". */
export function goTimeString(time: Date | undefined): string {
  if (!time) return '';
  const iso = time.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}
