// In-process mount(2)/umount2(2), with mount(8)'s sequence of calls for an option list, so
// daemons mount without spawning mount(8) (a fork of a large Node process plus 2-10 ms each).
import { SysError } from './errors';
import { MNT, MS, PROPAGATION_FLAGS } from './mount-flags';
import { parseMountOptions } from './mount-options';
import { callNative, callNativeAsync } from './native';
import { assertInteger, assertPath } from './validate';

/**
 * mount(2) copies at most one page of data, and the smallest page is 4 KiB: longer data (an
 * overlay over many layers) goes through fsopen/fsconfig one option at a time instead.
 */
export const MAX_MOUNT_DATA_BYTES = 4095;

/** mount_setattr(2)/fsmount(2) attributes for the per-mount flags. */
const MOUNT_ATTRS: readonly (readonly [number, number])[] = [
  [MS.RDONLY, 0x1],
  [MS.NOSUID, 0x2],
  [MS.NODEV, 0x4],
  [MS.NOEXEC, 0x8],
  [MS.NOATIME, 0x10],
  [MS.STRICTATIME, 0x20],
  [MS.NODIRATIME, 0x80],
  [MS.NOSYMFOLLOW, 0x200000],
];

/** Superblock flags as fsconfig flag names. */
const SUPERBLOCK_FLAGS: readonly (readonly [number, string])[] = [
  [MS.RDONLY, 'ro'],
  [MS.SYNCHRONOUS, 'sync'],
  [MS.DIRSYNC, 'dirsync'],
  [MS.LAZYTIME, 'lazytime'],
  [MS.MANDLOCK, 'mand'],
  [MS.I_VERSION, 'iversion'],
  [MS.SILENT, 'silent'],
];

/** Flags a new mount through fsopen can carry; the rest (bind, remount, move, propagation) cannot. */
const CONTEXT_FLAGS =
  MOUNT_ATTRS.reduce((all, [flag]) => all | flag, 0) |
  SUPERBLOCK_FLAGS.reduce((all, [flag]) => all | flag, 0) |
  MS.RELATIME;

/**
 * mount(2): `mount(source, target, fstype, flags, data)`. Runs on the thread pool. Data longer
 * than a page is handed to the filesystem option by option (fsopen API; overlay's lowerdir one
 * layer at a time with "lowerdir+", Linux 6.8+), for a new mount only.
 */
export async function mount(
  source: string | null,
  target: string,
  fstype: string | null,
  flags = 0,
  data: string | null = null,
): Promise<void> {
  if (source !== null) assertString(source, 'source');
  assertPath(target, 'target');
  if (fstype !== null) assertString(fstype, 'fstype');
  assertInteger(flags, 'flags', 0, 0xffffffff);
  if (data !== null) assertString(data, 'data');
  const kind = fstype ?? (flags & MS.BIND ? 'bind' : 'none');
  const what = `mount ${kind}${source && source !== kind && source !== 'none' ? ` ${source}` : ''} on`;
  if (data !== null && Buffer.byteLength(data) > MAX_MOUNT_DATA_BYTES)
    return mountLongData(source, target, fstype, flags, data, what);
  return callNativeAsync((addon) => addon.mount(source, target, fstype, flags, data), { path: target, what });
}

async function mountLongData(
  source: string | null,
  target: string,
  fstype: string | null,
  flags: number,
  data: string,
  what: string,
): Promise<void> {
  const bytes = Buffer.byteLength(data);
  if (fstype === null || (flags & ~CONTEXT_FLAGS) !== 0) {
    throw new SysError(
      'InvalidArgument',
      `${what} ${target}: ${bytes} bytes of options exceed mount(2)'s ${MAX_MOUNT_DATA_BYTES}, and only a new mount with a type can take more`,
      { path: target },
    );
  }
  const params: string[] = source === null ? [] : ['source', source];
  for (const [flag, name] of SUPERBLOCK_FLAGS) if (flags & flag) params.push(name, '');
  for (const option of splitEscaped(data, ',')) {
    const equals = option.indexOf('=');
    const key = equals === -1 ? option : option.slice(0, equals);
    const value = equals === -1 ? '' : option.slice(equals + 1);
    if (fstype === 'overlay' && key === 'lowerdir') {
      for (const layer of splitEscaped(value, ':')) params.push('lowerdir+', unescape(layer));
    } else {
      params.push(key, value);
    }
  }
  const attrs = MOUNT_ATTRS.reduce((all, [flag, attr]) => (flags & flag ? all | attr : all), 0);
  try {
    await callNativeAsync((addon) => addon.mountFs(fstype, target, params, attrs), { path: target, what });
  } catch (error) {
    if (error instanceof SysError && error.syscall === 'fsconfig(lowerdir+)' && error.errno === 'EINVAL') {
      throw new SysError(
        'Unsupported',
        `${what} ${target}: ${bytes} bytes of options exceed mount(2)'s ${MAX_MOUNT_DATA_BYTES}, and this kernel's overlayfs cannot add layers one by one (lowerdir+, Linux 6.8+): ${error.message}`,
        {
          errno: error.errno,
          errnoNumber: error.errnoNumber,
          syscall: error.syscall,
          path: target,
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** Splits on `separator` where no backslash escapes it (overlay's escaping of "," and ":"). */
function splitEscaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      part += char + text[++i];
    } else if (char === separator) {
      parts.push(part);
      part = '';
    } else {
      part += char;
    }
  }
  parts.push(part);
  return parts.filter((item) => item !== '');
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** umount2(2) with MNT flags (MNT.DETACH for `umount -l`). Runs on the thread pool. */
export async function umount(target: string, flags = 0): Promise<void> {
  assertPath(target, 'target');
  assertInteger(flags, 'flags', 0, 0xf);
  return callNativeAsync((addon) => addon.umount(target, flags), { path: target, what: 'umount' });
}

/** Whether a mount is rooted at `path` (mountpoint(1)); false when it does not exist. One statx. */
export function isMountPoint(path: string): boolean {
  assertPath(path, 'path');
  return callNative((addon) => addon.isMountPoint(path), { path, what: 'stat' });
}

export interface MountRequest {
  /** Filesystem type ("overlay", "tmpfs", "bind"); may be omitted for bind mounts and remounts. */
  type?: string;
  /** Device or source directory; "none" when omitted. */
  source?: string;
  /** mount(8) option words: ["ro", "nosuid", "rbind", "size=64m", "lowerdir=/a:/b", ...]. */
  options?: readonly string[];
}

/**
 * Does what `mount -t <type> -o <options> <source> <target>` does, with the same system calls:
 * the mount, then for a bind mount with per-mount flags (ro, nosuid, ...) a bind remount that
 * applies them (the kernel ignores them on the bind itself), then one call per propagation
 * option. If a later call fails the mount is undone, so nothing stays half made.
 */
export async function mountWithOptions(target: string, request: MountRequest): Promise<void> {
  assertPath(target, 'target');
  const { flags, propagation, data } = parseMountOptions(request.options ?? []);
  const type = request.type && request.type !== 'none' ? request.type : null;
  const bind = type === 'bind' || (flags & MS.BIND) !== 0;
  const source = request.source || 'none';
  if (flags & MS.REMOUNT) {
    await mount(null, target, null, bind ? flags | MS.BIND : flags, bind ? null : data || null);
    for (const change of propagation) await mount(null, target, null, change, null);
    return;
  }
  if (!bind && type === null) {
    throw new SysError('InvalidArgument', `mount on ${target}: no filesystem type given`, { path: target });
  }
  if (bind) await mount(source, target, null, MS.BIND | (flags & MS.REC), null);
  else await mount(source, target, type, flags, data || null);
  try {
    const perMount = flags & ~(MS.BIND | MS.REC | MS.REMOUNT | PROPAGATION_FLAGS);
    if (bind && perMount !== 0) await mount(null, target, null, MS.REMOUNT | MS.BIND | perMount, null);
    for (const change of propagation) await mount(null, target, null, change, null);
  } catch (error) {
    await umount(target, MNT.DETACH).catch(() => undefined);
    throw error;
  }
}

function assertString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.includes('\0'))
    throw new SysError('InvalidArgument', `${name} must be a string without NUL`);
}
