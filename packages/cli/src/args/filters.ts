import { InvalidArgumentError } from '../errors';

/** `--filter key=value` entries as the engine's Filter messages. */
export function parseFilters(entries: readonly string[]): Array<{ key: string; value: string }> {
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`bad format of filter "${entry}" (expected name=value)`);
    return { key: entry.slice(0, eq).trim().toLowerCase(), value: entry.slice(eq + 1) };
  });
}
