import { callNative } from './native';
import { assertInteger, assertPath } from './validate';

/** mkfifo(3): a fifo at `path` with exactly `mode` (as `mkfifo -m`, whatever the umask). */
export function mkfifo(path: string, mode = 0o600): void {
  assertPath(path, 'path');
  assertInteger(mode, 'mode', 0, 0o7777);
  callNative((addon) => addon.mkfifo(path, mode), { path });
}
