import { write } from 'node:fs';
import { Writable } from 'node:stream';
import type { Digester } from '@berth/oci';

function writeAll(fd: number, chunk: Buffer, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let offset = 0;
    const next = (): void => {
      write(fd, chunk, offset, chunk.byteLength - offset, position + offset, (error, bytes) => {
        if (error) return reject(error);
        offset += bytes;
        if (offset < chunk.byteLength) next();
        else resolve();
      });
    };
    next();
  });
}

/**
 * Writes a stream into an open file from `start` on, counting (and optionally hashing) only
 * bytes that reached the file: after an interruption, `position` is exactly where to resume.
 * Fails with `limitError()` before writing past `limit`.
 */
export class FileSink extends Writable {
  private offset: number;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly fd: number,
    start: number,
    private readonly limit: number,
    private readonly limitError: (attempted: number) => Error,
    private readonly digester?: Digester,
    private readonly onBytes?: (bytes: number) => void,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    this.offset = start;
  }

  get position(): number {
    return this.offset;
  }

  /** Resolves once no write is running: after a failure, `position` is final only then. */
  settled(): Promise<void> {
    return this.inFlight;
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const data =
      chunks.length === 1
        ? (chunks[0] as { chunk: Buffer }).chunk
        : Buffer.concat(chunks.map((c) => c.chunk));
    this._write(data, 'binary', callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.offset + chunk.byteLength > this.limit) {
      callback(this.limitError(this.offset + chunk.byteLength));
      return;
    }
    this.inFlight = writeAll(this.fd, chunk, this.offset).then(
      () => {
        this.digester?.update(chunk);
        this.offset += chunk.byteLength;
        this.onBytes?.(chunk.byteLength);
        callback();
      },
      (error: Error) => callback(error),
    );
  }
}
