import { callNative } from './native';
import { assertInteger, assertPath } from './validate';
import { SysError } from './errors';

/** Linux's dev_t holds a 12-bit major and a 20-bit minor. */
export const MAX_DEVICE_MAJOR = 0xfff;
export const MAX_DEVICE_MINOR = 0xfffff;

/**
 * mknod(2): a character (`'c'`) or block (`'b'`) device node at `path` with exactly `mode`,
 * whatever the umask (as `mknod -m`). Needs CAP_MKNOD.
 */
export function mknod(path: string, type: 'c' | 'b', mode: number, major: number, minor: number): void {
  assertPath(path, 'path');
  if (type !== 'c' && type !== 'b') {
    throw new SysError('InvalidArgument', `type must be "c" or "b", got ${JSON.stringify(type)}`);
  }
  assertInteger(mode, 'mode', 0, 0o7777);
  assertInteger(major, 'major', 0, MAX_DEVICE_MAJOR);
  assertInteger(minor, 'minor', 0, MAX_DEVICE_MINOR);
  callNative((addon) => addon.mknod(path, type, mode, major, minor), { path });
}
