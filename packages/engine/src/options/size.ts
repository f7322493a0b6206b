// Docker's byte sizes: "512", "64k", "1.5g", "100MB" in binary units (k = 1024).
import { InvalidOptionError } from '../errors';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/** Parses a size for `field` into whole bytes. */
export function parseBytes(text: string, field: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) throw new InvalidOptionError(field, `"${text}" is not a size (e.g. 512, 64k, 100m, 1g)`);
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2].toLowerCase()]);
  if (!Number.isSafeInteger(bytes)) throw new InvalidOptionError(field, `"${text}" is too large`);
  return bytes;
}
