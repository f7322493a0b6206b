import { InvalidArgumentError } from '../errors';

const BINARY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

/**
 * A size in docker's RAM syntax ("512m", "1g", "64k", "1.5GB", "1048576"): binary units,
 * case-insensitive, an optional trailing "b". Returns bytes.
 */
export function parseBytes(value: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)b?\s*$/i.exec(value);
  if (!match)
    throw new InvalidArgumentError(
      `invalid value "${value}" for ${flag}: expected a size such as 512m or 2g`,
    );
  const bytes = Math.floor(Number(match[1]) * BINARY_UNITS[match[2].toLowerCase()]);
  if (!Number.isSafeInteger(bytes))
    throw new InvalidArgumentError(`invalid value "${value}" for ${flag}: too large`);
  return bytes;
}

/** `--cpus 1.5` as nano-CPUs (1.5e9), the unit the engine's Resources.nano_cpus takes. */
export function parseNanoCpus(value: string, flag = '--cpus'): number {
  if (!/^\d*\.?\d+$/.test(value.trim())) {
    throw new InvalidArgumentError(
      `invalid value "${value}" for ${flag}: expected a number of CPUs such as 1.5`,
    );
  }
  return Math.round(Number(value) * 1e9);
}

/** A whole number flag (`--pids-limit`, `--stop-timeout`, `--tail`). */
export function parseInteger(value: string, flag: string): number {
  if (!/^[-+]?\d+$/.test(value.trim()))
    throw new InvalidArgumentError(`invalid value "${value}" for ${flag}: not an integer`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed))
    throw new InvalidArgumentError(`invalid value "${value}" for ${flag}: out of range`);
  return parsed;
}
