import { writev } from 'node:fs';

/**
 * Writes every byte of `chunks` to `fd` at `position`: one positional writev, continued after
 * short writes (the kernel may take fewer bytes than asked, on any file system).
 */
export function writevAll(
  fd: number,
  chunks: Buffer[],
  position: number,
  callback: (error: Error | null) => void,
): void {
  writev(fd, chunks, position, (error, written) => {
    if (error) return callback(error);
    const rest = skipBytes(chunks, written);
    if (rest.length === 0) callback(null);
    else writevAll(fd, rest, position + written, callback);
  });
}

/** The part of `chunks` after the first `bytes` bytes, without copying. */
function skipBytes(chunks: Buffer[], bytes: number): Buffer[] {
  let left = bytes;
  const rest: Buffer[] = [];
  for (const chunk of chunks) {
    if (left >= chunk.byteLength) left -= chunk.byteLength;
    else {
      rest.push(left > 0 ? chunk.subarray(left) : chunk);
      left = 0;
    }
  }
  return rest;
}
