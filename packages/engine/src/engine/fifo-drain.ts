// What a fifo holds right now, read without waiting: the shim reports an exit only once the
// process's output is in the fifos, so after the exit this is the rest of the output.
import { closeSync, constants, openSync, readSync } from 'node:fs';

const CHUNK = 64 * 1024;

/**
 * Reads `path` (a fifo) until it is empty. A second descriptor of the same fifo sees the same
 * buffer; the writers (the shim, and the engine's own read-write end) keep it from reporting
 * end-of-file, so "empty" is EAGAIN.
 */
export function readAvailable(path: string): Buffer[] {
  const chunks: Buffer[] = [];
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return chunks; // removed with its container: nothing left to read
  }
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      let length: number;
      try {
        length = readSync(fd, buffer, 0, CHUNK, null);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
        throw err;
      }
      if (length === 0) break;
      chunks.push(buffer.subarray(0, length));
    }
  } finally {
    closeSync(fd);
  }
  return chunks;
}
