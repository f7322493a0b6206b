import { Writable } from 'node:stream';
import type { Digester } from '@berth/oci';
import { writevAll } from '../transport/writev-all';

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
    this.writeChunks(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeChunks([chunk], callback);
  }

  // Buffers queued while a write runs go down in one writev: no copying, few system calls.
  private writeChunks(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    if (this.offset + bytes > this.limit) {
      callback(this.limitError(this.offset + bytes));
      return;
    }
    this.inFlight = new Promise<void>((resolve, reject) =>
      writevAll(this.fd, chunks, this.offset, (error) => (error ? reject(error) : resolve())),
    ).then(
      () => {
        for (const chunk of chunks) this.digester?.update(chunk);
        this.offset += bytes;
        this.onBytes?.(bytes);
        callback();
      },
      (error: Error) => callback(error),
    );
  }
}
