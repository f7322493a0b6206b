// Environment merging: image Env, then the container's -e entries; later names win and keep
// the position of their first appearance, as docker's merge does.
import { InvalidOptionError } from '../errors';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function nameOf(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

/** Checks -e entries: "NAME=value" (a bare "NAME" has no value to take and is dropped, as docker drops unset ones). */
export function checkEnv(entries: string[]): string[] {
  return entries.flatMap((entry) => {
    const name = nameOf(entry);
    if (name === '' || /\s/.test(name)) throw new InvalidOptionError('env', `"${entry}" is not NAME=value`);
    return entry.includes('=') ? [entry] : [];
  });
}

/** Merges lists in order; adds PATH when none sets it, and HOSTNAME/HOME defaults docker adds. */
export function mergeEnv(lists: string[][], defaults: Record<string, string> = {}): string[] {
  const values = new Map<string, string>();
  for (const entry of lists.flat()) values.set(nameOf(entry), entry);
  if (!values.has('PATH')) values.set('PATH', `PATH=${DEFAULT_PATH}`);
  for (const [name, value] of Object.entries(defaults))
    if (!values.has(name)) values.set(name, `${name}=${value}`);
  return [...values.values()];
}
