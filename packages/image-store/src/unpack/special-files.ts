import { lsetxattr, mkfifo, mknod } from '@berth/sys';

import { LayerFormatError } from '../errors';

// Node has no mknod(2), mkfifo(3) or setxattr(2): @berth/sys's addon makes each with one system
// call, where a mknod(1)/setfattr(1) process per entry cost a process start (every whiteout of
// a layer is a device node). Its errors name the path (and the xattr); these add the tar entry.

function entryError(entry: string, error: unknown): LayerFormatError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LayerFormatError(`entry "${entry}": ${reason}`, { cause: error });
}

export function makeDeviceNode(
  path: string,
  kind: 'c' | 'b',
  major: number,
  minor: number,
  entry: string,
): void {
  try {
    mknod(path, kind, 0o600, major, minor);
  } catch (error) {
    throw entryError(entry, error);
  }
}

export function makeFifo(path: string, entry: string): void {
  try {
    mkfifo(path, 0o600);
  } catch (error) {
    throw entryError(entry, error);
  }
}

/** Sets one xattr on the path itself (never through a symlink). */
export function setXattr(path: string, name: string, value: Buffer, entry: string): void {
  try {
    lsetxattr(path, name, value);
  } catch (error) {
    throw entryError(entry, error);
  }
}
