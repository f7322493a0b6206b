import { callNative } from './native';
import { assertFd } from './validate';

/** Closes a raw fd from this package (or any other). Stop watches on it first. */
export function closeFd(fd: number): void {
  assertFd(fd);
  callNative((addon) => addon.closeFd(fd));
}
