import { UnsafeLayerEntryError } from '../errors';

/**
 * Splits a tar entry name into path components relative to the snapshot root. `./` prefixes
 * and empty or `.` components are dropped; absolute names, `..` components and NUL bytes are
 * refused, so nothing can be named outside the root by its text alone (symlinks are the
 * resolver's job).
 */
export function entryPathComponents(name: string, what = 'path'): string[] {
  if (name.includes('\0')) throw new UnsafeLayerEntryError(name, `${what} contains a NUL byte`);
  if (name.startsWith('/')) throw new UnsafeLayerEntryError(name, `${what} is absolute`);
  const components = name.split('/').filter((part) => part !== '' && part !== '.');
  if (components.includes('..'))
    throw new UnsafeLayerEntryError(name, `${what} contains ".." and could escape the snapshot`);
  return components;
}
