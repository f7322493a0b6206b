/** Syscall name → number per table, parsed from the generated data the first time a table is used. */
import { SYSCALL_TABLES } from './tables/syscall-tables.generated';

const parsed = new Map<string, ReadonlyMap<string, number>>();

export function syscallTable(table: string): ReadonlyMap<string, number> {
  let names = parsed.get(table);
  if (names === undefined) {
    const data = SYSCALL_TABLES[table];
    if (data === undefined) throw new RangeError(`no syscall table named ${table}`);
    const entries = new Map<string, number>();
    for (const pair of data.split(' ')) {
      const colon = pair.indexOf(':');
      entries.set(pair.slice(0, colon), Number(pair.slice(colon + 1)));
    }
    names = entries;
    parsed.set(table, names);
  }
  return names;
}
