// docker's --filter key=value lists: same key ORs, different keys AND.
import { InvalidOptionError } from './errors';

export interface FilterEntry {
  key: string;
  value: string;
}

export type FilterMap = Map<string, string[]>;

/** Groups filters by key, refusing keys the call does not know. */
export function groupFilters(filters: FilterEntry[], allowed: readonly string[], what: string): FilterMap {
  const map: FilterMap = new Map();
  for (const { key, value } of filters) {
    if (!allowed.includes(key))
      throw new InvalidOptionError(
        'filter',
        `invalid filter '${key}' for ${what} (use one of: ${allowed.join(', ')})`,
      );
    map.set(key, [...(map.get(key) ?? []), value]);
  }
  return map;
}

/** "key" matches when the label is set, "key=value" when it has that value. */
export function labelMatches(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, filter);
  return labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

/** True when every label filter matches (label filters AND, unlike other keys). */
export function labelsMatchAll(labels: Record<string, string>, filters: string[] | undefined): boolean {
  return (filters ?? []).every((filter) => labelMatches(labels, filter));
}

/** Parses a boolean filter value ("true", "1", "false", "0"). */
export function booleanFilter(value: string, key: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InvalidOptionError('filter', `invalid value "${value}" for filter '${key}': use true or false`);
}
