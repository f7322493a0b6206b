// Reading and writing cgroupfs interface files. Every write is one write(2) of the whole value, as the
// kernel parses each write on its own; errors name the file, the value and the spec field behind it.
import { closeSync, constants, existsSync, openSync, readFileSync, write, writeSync } from 'node:fs';
import * as path from 'node:path';
import {
  CgroupInvalidArgumentError,
  CgroupIoError,
  CgroupNotFoundError,
  CgroupUnsupportedError,
} from './errors';

/**
 * "No limit" in statistics. runc reports 2^64-1, which a double cannot hold: 2 ** 64 - 1 rounds up
 * to 2^64 and prints as 18446744073709552000, which Go refuses to decode into a uint64. The largest
 * double below 2^64 prints as 18446744073709550000, which engines decode and read as unlimited.
 */
export const UNLIMITED = 2 ** 64 - 2048;

/** Formats an integer the way the kernel parses it: no exponent, no fraction, full 64-bit range. */
export function formatInteger(value: number, field: string): string {
  if (!Number.isInteger(value)) {
    throw new CgroupInvalidArgumentError(`${field}: ${value} is not an integer`, field);
  }
  return BigInt(value).toString();
}

export function writeCgroupFile(dir: string, file: string, value: string, field: string): void {
  const target = path.join(dir, file);
  let fd: number;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_TRUNC);
  } catch (err) {
    throw openError(err, dir, file, field);
  }
  try {
    writeSync(fd, value);
  } catch (err) {
    throw writeError(err, file, value, field);
  } finally {
    closeSync(fd);
  }
}

/**
 * writeCgroupFile with the write on the thread pool, for writes that block in the kernel (a cgroup
 * v1 join). The open stays synchronous so the write is queued at once, not when this thread next
 * returns to the event loop.
 */
export async function writeCgroupFileAsync(
  dir: string,
  file: string,
  value: string,
  field: string,
): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path.join(dir, file), constants.O_WRONLY | constants.O_TRUNC);
  } catch (err) {
    throw openError(err, dir, file, field);
  }
  try {
    await new Promise<void>((resolve, reject) => write(fd, value, (err) => (err ? reject(err) : resolve())));
  } catch (err) {
    throw writeError(err, file, value, field);
  } finally {
    closeSync(fd);
  }
}

function openError(err: unknown, dir: string, file: string, field: string): Error {
  if (errnoOf(err) === 'ENOENT') {
    return new CgroupUnsupportedError(
      `${field}: the kernel has no ${file} in ${dir} (controller or feature not available)`,
      field,
      { cause: err },
    );
  }
  return new CgroupIoError(`${field}: cannot open ${path.join(dir, file)}: ${messageOf(err)}`, field, {
    cause: err,
  });
}

function writeError(err: unknown, file: string, value: string, field: string): Error {
  const code = errnoOf(err);
  const why = `${field}: the kernel refused ${JSON.stringify(value)} for ${file}`;
  if (code === 'EINVAL' || code === 'ERANGE' || code === 'EOVERFLOW') {
    return new CgroupInvalidArgumentError(`${why}: invalid value (${code})`, field, { cause: err });
  }
  if (code === 'EOPNOTSUPP' || code === 'ENOTSUP' || code === 'ENODEV') {
    return new CgroupUnsupportedError(`${why}: not supported by this kernel (${code})`, field, {
      cause: err,
    });
  }
  return new CgroupIoError(`${why}: ${messageOf(err)}`, field, { cause: err });
}

export function readCgroupFile(dir: string, file: string): string {
  const target = path.join(dir, file);
  try {
    return readFileSync(target, 'utf8').trim();
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') {
      throw new CgroupNotFoundError(`cgroup file ${target} does not exist`, undefined, { cause: err });
    }
    throw new CgroupIoError(`cannot read ${target}: ${messageOf(err)}`, undefined, { cause: err });
  }
}

/** Reads a file when the kernel has it; undefined when it does not (optional features). */
export function readOptionalCgroupFile(dir: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(dir, file), 'utf8').trim();
  } catch (err) {
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'EOPNOTSUPP' || errnoOf(err) === 'ENOTSUP') {
      return undefined;
    }
    throw new CgroupIoError(`cannot read ${path.join(dir, file)}: ${messageOf(err)}`, undefined, {
      cause: err,
    });
  }
}

export function hasCgroupFile(dir: string, file: string): boolean {
  return existsSync(path.join(dir, file));
}

/** Parses a single-number file; "max" (v2) reads as UNLIMITED. */
export function parseCgroupNumber(text: string, source: string): number {
  if (text === 'max') return UNLIMITED;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    throw new CgroupIoError(`${source}: expected a number, read ${JSON.stringify(text)}`);
  }
  return value;
}

export function readCgroupNumber(dir: string, file: string): number {
  return parseCgroupNumber(readCgroupFile(dir, file), path.join(dir, file));
}

export function readOptionalCgroupNumber(dir: string, file: string): number | undefined {
  const text = readOptionalCgroupFile(dir, file);
  return text === undefined ? undefined : parseCgroupNumber(text, path.join(dir, file));
}

/** Parses "key value" lines (memory.stat, cpu.stat, memory.events, ...). */
export function parseFlatKeyed(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, raw] = line.trim().split(/\s+/);
    if (key && raw !== undefined) values.set(key, parseCgroupNumber(raw, key));
  }
  return values;
}

export function readFlatKeyed(dir: string, file: string): Map<string, number> {
  const text = readOptionalCgroupFile(dir, file);
  return text === undefined ? new Map() : parseFlatKeyed(text);
}

/** Lists the pids in one cgroup directory's cgroup.procs. */
export function readProcs(dir: string): number[] {
  const text = readCgroupFile(dir, 'cgroup.procs');
  return text === '' ? [] : text.split('\n').map((line) => Number(line));
}

export function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
