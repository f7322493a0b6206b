import { callNative } from './native';
import { assertFd, assertInteger } from './validate';

export interface Pty {
  /** The side a terminal emulator or console socket peer reads and writes. */
  master: number;
  /** The side a process uses as its terminal. */
  slave: number;
  /** The slave's path, e.g. /dev/pts/3. */
  ptsName: string;
}

export interface Winsize {
  rows: number;
  cols: number;
}

/** Opens a new pty pair (both close-on-exec, neither becomes our controlling terminal). */
export function openPty(): Pty {
  return callNative((addon) => addon.openPty());
}

export function setWinsize(fd: number, rows: number, cols: number): void {
  assertFd(fd);
  assertInteger(rows, 'rows', 0, 0xffff);
  assertInteger(cols, 'cols', 0, 0xffff);
  callNative((addon) => addon.setWinsize(fd, rows, cols));
}

export function getWinsize(fd: number): Winsize {
  assertFd(fd);
  return callNative((addon) => addon.getWinsize(fd));
}
