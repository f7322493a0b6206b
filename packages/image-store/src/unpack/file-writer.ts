import { acquireWriterThread, type WriterReply, type WriterThread } from './writer-threads';

/** One regular file to create: where, its metadata, and its bytes (gathered by the writer). */
export interface NewFile {
  /** Absolute path; its parent exists and was checked by the resolver. */
  path: string;
  /** Permission bits to create it with (the umask applies, as with open(2)). */
  mode: number;
  /** Owner to set, or undefined when the process's own ids are right. */
  owner?: { uid: number; gid: number };
  /** Mode to set after chown (setuid/setgid/sticky, or bits the umask took), if any. */
  chmod?: number;
  /** Seconds since the epoch. */
  atime: number;
  mtime: number;
}

/** Bytes of one batch: files up to this size can be queued (bigger ones are the caller's). */
export const FILE_WRITER_BATCH_BYTES = 4 * 1024 * 1024;
const BATCH_FILES = 512;
// Bounds memory to (BATCHES_IN_FLIGHT + 1) batch buffers per layer.
const BATCHES_IN_FLIGHT = 3;

interface Batch {
  data: Buffer;
  paths: string[];
  fields: number[];
  bytes: number;
}

/**
 * Creates a layer's small regular files on a writer thread (shared with other layers unpacking
 * at once, see writer-threads.ts), in batches, while the main thread goes on parsing and
 * decompressing: on layers of many small files the open/write/close
 * system calls are much of the work, and here they overlap the rest. File bytes are copied into
 * a few reused batch buffers that move to the thread and back without copies. Files are created
 * in the order added; `drain()` waits until all added ones exist (the caller drains before
 * anything that depends on them: a hard link, a replacement, a parent lookup, directory times).
 * The first failure is thrown by the next add() or drain().
 */
export class FileWriter {
  private thread: WriterThread | undefined;
  private batch: Batch | undefined;
  private readonly spare: ArrayBuffer[] = [];
  /** Batches sent and not yet answered, with what settles their promise. */
  private readonly inFlight = new Map<number, { done: Promise<void>; settle: () => void }>();
  private failure: Error | undefined;

  /** Queues a file of at most FILE_WRITER_BATCH_BYTES bytes, given as chunks. */
  async add(file: NewFile, content: readonly Buffer[], length: number): Promise<void> {
    this.throwIfFailed();
    if (length > FILE_WRITER_BATCH_BYTES)
      throw new RangeError(`${file.path}: ${length} bytes is too big to queue`);
    if (this.batch && this.batch.bytes + length > FILE_WRITER_BATCH_BYTES) await this.flush();
    this.batch ??= {
      data: Buffer.from(this.spare.pop() ?? new ArrayBuffer(FILE_WRITER_BATCH_BYTES)),
      paths: [],
      fields: [],
      bytes: 0,
    };
    const batch = this.batch;
    const offset = batch.bytes;
    for (const chunk of content) batch.bytes += chunk.copy(batch.data, batch.bytes);
    batch.paths.push(file.path);
    batch.fields.push(
      file.mode,
      file.owner?.uid ?? -1,
      file.owner?.gid ?? -1,
      file.chmod ?? -1,
      file.atime,
      file.mtime,
      offset,
      length,
    );
    if (batch.paths.length >= BATCH_FILES) await this.flush();
  }

  /** Resolves once every file added so far exists; throws the first failure. */
  async drain(): Promise<void> {
    await this.flush();
    await Promise.all([...this.inFlight.values()].map((batch) => batch.done));
    this.throwIfFailed();
  }

  /** Waits for what is in flight (failures included) and stops the thread. */
  async close(): Promise<void> {
    await Promise.all([...this.inFlight.values()].map((batch) => batch.done));
    this.batch = undefined;
    this.spare.length = 0;
    this.thread?.release();
    this.thread = undefined;
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    this.thread ??= acquireWriterThread();
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    const fields = new Float64Array(batch.fields);
    const data = batch.data.buffer as ArrayBuffer;
    const id = this.thread.send(
      { paths: batch.paths.join('\0'), fields, data },
      [data, fields.buffer],
      (reply) => this.onReply(reply),
    );
    this.inFlight.set(id, { done, settle });
    while (this.inFlight.size > BATCHES_IN_FLIGHT)
      await Promise.race([...this.inFlight.values()].map((batch) => batch.done));
  }

  private onReply(reply: WriterReply): void {
    const batch = this.inFlight.get(reply.id);
    if (!batch) return;
    this.inFlight.delete(reply.id);
    if (reply.data) this.spare.push(reply.data);
    if (reply.error) this.failure ??= Object.assign(new Error(reply.error.message), reply.error);
    batch.settle();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
