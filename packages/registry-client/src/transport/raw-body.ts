import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { writevAll } from './writev-all';

/** Where a body's bytes go in a file, and what watches them land. */
export interface FileTarget {
  readonly fd: number;
  /** File offset of the body's first byte. */
  readonly position: number;
  /** Fail with `limitError` before writing at or past this offset. */
  readonly limit: number;
  readonly limitError: (attempted: number) => Error;
  /** Sees each chunk after it reached the file, in order (hashing). */
  readonly onWritten?: (chunk: Buffer) => void;
  readonly onBytes?: (bytes: number) => void;
}

// Socket reads go into buffers of this size, reused once their bytes are in the file.
const READ_BUFFER_BYTES = 128 * 1024;
// Reading pauses while this much is waiting for the disk, and resumes below half of it.
const MAX_QUEUED_BYTES = 1024 * 1024;
const POOL_LIMIT = MAX_QUEUED_BYTES / READ_BUFFER_BYTES + 2;

interface Queued {
  readonly chunk: Buffer;
  /** The read buffer the chunk is a view of, returned to the pool once written. */
  readonly owner: Buffer;
}

/**
 * The body of a response read by `rawRequest`: a Readable (copying each chunk out of the socket's
 * read buffers) for small bodies and generic consumers, or, through `intoFile`, written straight
 * from reused read buffers to a file with batched positional writes: no per-chunk allocation, no
 * parser copy, no stream machinery, which halves the CPU time of a download.
 */
export class RawBody extends Readable {
  private received = 0;
  private readonly pool: Buffer[] = [];
  private file: FileWriter | undefined;
  /** Body bytes that came with the head, handed on once a consumer starts. */
  private early: Buffer | undefined;
  private finished = false;
  private broken: Error | undefined;

  constructor(
    private readonly socket: Socket,
    /** Content-Length. */
    readonly length: number,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  /** A read buffer for the socket: never one whose bytes still wait for the disk. */
  takeBuffer(): Buffer {
    return this.pool.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER_BYTES);
  }

  private release(buffer: Buffer): void {
    if (this.pool.length < POOL_LIMIT) this.pool.push(buffer);
  }

  /** Body bytes that arrived with the head (copied: the head's read buffer is not kept). */
  start(early: Buffer): void {
    const bytes = Math.min(early.byteLength, this.length);
    if (bytes > 0) this.early = Buffer.from(early.subarray(0, bytes));
    this.received = bytes;
    if (this.received >= this.length) this.complete();
  }

  /** Socket data: `buffer` is now owned here until its bytes are consumed. Returns false to pause. */
  onData(buffer: Buffer, bytes: number): boolean {
    if (this.finished || this.destroyed) return false;
    const chunk = buffer.subarray(0, Math.min(bytes, this.length - this.received));
    this.received += chunk.byteLength;
    const done = this.received >= this.length;
    let more: boolean;
    if (this.file !== undefined) more = this.file.add(chunk, buffer);
    else {
      more = this.push(Buffer.from(chunk));
      this.release(buffer);
    }
    if (done) this.complete();
    return more && !done;
  }

  /** The connection ended or failed before `length` bytes. */
  onBroken(error: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.broken = error;
    if (this.file !== undefined) this.file.fail(error);
    else this.destroy(error);
  }

  private complete(): void {
    if (this.finished) return;
    this.finished = true;
    this.socket.destroy();
    if (this.file !== undefined) this.file.end();
    else if (this.early === undefined) this.push(null);
  }

  /**
   * Writes the whole body into a file instead of streaming it. Resolves once every byte is in
   * the file; on failure (connection broken, limit passed, write error) rejects only after the
   * last write landed, so `written()` is then exactly what reached the file.
   */
  intoFile(target: FileTarget): { done: Promise<void>; written: () => number } {
    if (this.file !== undefined || this.readableFlowing !== null) throw new Error('body already consumed');
    const file = new FileWriter(
      target,
      (buffer) => this.release(buffer),
      () => this.socket.resume(),
      // A failed write or a passed limit ends the transfer: the connection goes at once.
      () => this.destroy(),
    );
    this.file = file;
    const early = this.early;
    this.early = undefined;
    const more = early === undefined || file.add(early, early);
    if (this.broken !== undefined) file.fail(this.broken);
    else if (this.finished) file.end();
    else if (more) this.socket.resume();
    return { done: file.done, written: () => file.position - target.position };
  }

  override _read(): void {
    if (this.early !== undefined) {
      const early = this.early;
      this.early = undefined;
      this.push(early);
      if (this.finished) this.push(null);
      return;
    }
    if (!this.finished) this.socket.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.finished = true;
    this.socket.destroy();
    callback(error);
  }
}

/** Batched positional writes of queued chunks, one batch at a time, in order. */
class FileWriter {
  position: number;
  readonly done: Promise<void>;
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private writingBytes = 0;
  private writing = false;
  private ended = false;
  private error: Error | undefined;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    private readonly target: FileTarget,
    private readonly release: (buffer: Buffer) => void,
    private readonly resume: () => void,
    private readonly abort: () => void,
  ) {
    this.position = target.position;
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    // Awaited by the caller; never an unhandled rejection when the caller gave up first.
    this.done.catch(() => undefined);
  }

  /** Queues a chunk; false when reading should pause until the disk catches up. */
  add(chunk: Buffer, owner: Buffer): boolean {
    if (this.error !== undefined) return false;
    const end = this.position + this.writingBytes + this.queuedBytes + chunk.byteLength;
    if (end > this.target.limit) {
      this.fail(this.target.limitError(end));
      return false;
    }
    this.queue.push({ chunk, owner });
    this.queuedBytes += chunk.byteLength;
    this.flush();
    return this.queuedBytes < MAX_QUEUED_BYTES;
  }

  end(): void {
    this.ended = true;
    this.settleIfIdle();
  }

  fail(error: Error): void {
    this.error ??= error;
    this.abort();
    this.settleIfIdle();
  }

  private flush(): void {
    if (this.writing || this.error !== undefined || this.queue.length === 0) return;
    const batch = this.queue;
    const bytes = this.queuedBytes;
    this.queue = [];
    this.queuedBytes = 0;
    this.writing = true;
    this.writingBytes = bytes;
    writevAll(
      this.target.fd,
      batch.map((queued) => queued.chunk),
      this.position,
      (error) => {
        this.writing = false;
        this.writingBytes = 0;
        if (error) {
          this.fail(error);
          return;
        }
        for (const queued of batch) {
          this.target.onWritten?.(queued.chunk);
          if (queued.owner !== queued.chunk) this.release(queued.owner);
        }
        this.position += bytes;
        this.target.onBytes?.(bytes);
        if (this.error === undefined && this.queuedBytes < MAX_QUEUED_BYTES / 2) this.resume();
        this.flush();
        this.settleIfIdle();
      },
    );
  }

  private settleIfIdle(): void {
    if (this.writing) return;
    if (this.error !== undefined) this.settle.reject(this.error);
    else if (this.ended && this.queue.length === 0) this.settle.resolve();
  }
}
