import { SysError } from './errors';
import { callNative } from './native';
import { assertBuffer, assertPath } from './validate';

/** The kernel's XATTR_NAME_MAX and XATTR_SIZE_MAX. */
export const MAX_XATTR_NAME_BYTES = 255;
export const MAX_XATTR_VALUE_BYTES = 65536;

function assertXattrName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0)
    throw new SysError(
      'InvalidArgument',
      `xattr name must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  if (name.includes('\0'))
    throw new SysError('InvalidArgument', `xattr name ${JSON.stringify(name)} contains NUL`);
  if (Buffer.byteLength(name) > MAX_XATTR_NAME_BYTES) {
    throw new SysError(
      'InvalidArgument',
      `xattr name ${JSON.stringify(name)} is longer than ${MAX_XATTR_NAME_BYTES} bytes`,
    );
  }
}

/** lsetxattr(2): sets `name` on `path` itself (a symlink gets it, not its target). */
export function lsetxattr(path: string, name: string, value: Buffer): void {
  assertPath(path, 'path');
  assertXattrName(name);
  assertBuffer(value, 'value');
  if (value.length > MAX_XATTR_VALUE_BYTES) {
    throw new SysError(
      'InvalidArgument',
      `xattr ${name} value of ${value.length} bytes is longer than ${MAX_XATTR_VALUE_BYTES}`,
    );
  }
  callNative((addon) => addon.lsetxattr(path, name, value), { path, what: `lsetxattr ${name} on` });
}

/** lgetxattr(2): the value of `name` on `path` itself, or null if it has none. */
export function lgetxattr(path: string, name: string): Buffer | null {
  assertPath(path, 'path');
  assertXattrName(name);
  return callNative((addon) => addon.lgetxattr(path, name), { path, what: `lgetxattr ${name} on` });
}

/** llistxattr(2): the xattr names on `path` itself (trusted.* only with CAP_SYS_ADMIN). */
export function llistxattr(path: string): string[] {
  assertPath(path, 'path');
  return callNative((addon) => addon.llistxattr(path), { path });
}
