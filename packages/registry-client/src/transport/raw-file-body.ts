import { close, open, read } from 'node:fs';
import type { Socket } from 'node:net';
import { createDigester, digestAlgorithm, DigestMismatchError, SizeMismatchError } from '@berth/oci';
import { LayoutError } from '../errors';

/** A request body that is a whole file with known content (a blob in a layout). */
export interface FileContent {
  readonly path: string;
  readonly size: number;
  /** What the file must hash to: anything else is never sent in full. */
  readonly digest: string;
  /** Bytes handed to the connection. */
  readonly onBytes?: (bytes: number) => void;
}

// Reads of this size, at most this many waiting to be sent: 4 MiB of buffers, reused.
const CHUNK_BYTES = 1024 * 1024;
const MAX_IN_FLIGHT = 4;

/**
 * Sends a file's bytes on a socket: one positional read at a time into reused buffers, each
 * hashed then written. The last chunk goes out only after the digest matched, so a file that
 * changed (or was corrupt) is never received whole; `fail` gets DigestMismatchError,
 * SizeMismatchError or a LayoutError for an unreadable file. `stop()` ends the sending (an
 * early answer or a broken connection).
 */
export function sendFile(socket: Socket, file: FileContent, fail: (error: Error) => void): { stop(): void } {
  const digester = createDigester(digestAlgorithm(file.digest));
  const pool: Buffer[] = [];
  let fd: number | undefined;
  let position = 0;
  let inFlight = 0;
  let reading = false;
  let stopped = false;
  const closeFile = (): void => {
    if (fd !== undefined && !reading) {
      close(fd, () => undefined);
      fd = undefined;
    }
  };
  const abort = (error: Error): void => {
    stopped = true;
    closeFile();
    fail(error);
  };
  const pump = (): void => {
    if (stopped || reading || fd === undefined || position >= file.size || inFlight >= MAX_IN_FLIGHT) return;
    reading = true;
    const buffer = pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
    read(fd, buffer, 0, Math.min(CHUNK_BYTES, file.size - position), position, (error, bytes) => {
      reading = false;
      if (stopped) return closeFile();
      if (error) return abort(new LayoutError(`${file.path}: ${error.message}`));
      if (bytes === 0) return abort(new SizeMismatchError(file.size, position));
      const chunk = buffer.subarray(0, bytes);
      digester.update(chunk);
      position += bytes;
      if (position >= file.size) {
        closeFile();
        const actual = digester.digest();
        if (actual !== file.digest) return abort(new DigestMismatchError(file.digest, actual));
      }
      inFlight++;
      socket.write(chunk, (writeError) => {
        inFlight--;
        // A failed write is the connection's failure, reported by the socket itself.
        if (writeError) return;
        pool.push(buffer);
        file.onBytes?.(bytes);
        pump();
      });
      pump();
    });
  };
  open(file.path, 'r', (error, opened) => {
    if (error) return abort(new LayoutError(`${file.path}: ${error.message}`));
    fd = opened;
    if (stopped) return closeFile();
    pump();
  });
  return {
    stop: () => {
      stopped = true;
      closeFile();
    },
  };
}
