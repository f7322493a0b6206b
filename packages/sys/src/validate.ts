import { SysError } from './errors';

const MAX_INT32 = 0x7fffffff;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}

export function assertInteger(
  value: unknown,
  name: string,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SysError(
      'InvalidArgument',
      `${name} must be an integer from ${min} to ${max}, got ${describe(value)}`,
    );
  }
}

export function assertFd(value: unknown, name = 'fd'): asserts value is number {
  assertInteger(value, name, 0, MAX_INT32);
}

export function assertPid(value: unknown, name = 'pid'): asserts value is number {
  assertInteger(value, name, 1, MAX_INT32);
}

export function assertBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean')
    throw new SysError('InvalidArgument', `${name} must be a boolean, got ${describe(value)}`);
}

export function assertBuffer(value: unknown, name: string): asserts value is Buffer {
  if (!Buffer.isBuffer(value))
    throw new SysError('InvalidArgument', `${name} must be a Buffer, got ${describe(value)}`);
}

export function assertFdList(value: unknown, name: string, maxLength: number): asserts value is number[] {
  if (!Array.isArray(value))
    throw new SysError('InvalidArgument', `${name} must be an array of fds, got ${describe(value)}`);
  if (value.length > maxLength) {
    throw new SysError(
      'InvalidArgument',
      `${name} holds ${value.length} fds, at most ${maxLength} fit in one message`,
    );
  }
  value.forEach((fd, index) => assertFd(fd, `${name}[${index}]`));
}

/** A non-empty file path without NUL (the kernel would cut the path at a NUL). */
export function assertPath(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw new SysError('InvalidArgument', `${name} must be a non-empty path, got ${describe(value)}`);
  if (value.includes('\0'))
    throw new SysError('InvalidArgument', `${name} ${JSON.stringify(value)} contains NUL`);
}
