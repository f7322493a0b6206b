import { Worker } from 'node:worker_threads';

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
/** Numbers per file in a batch: mode, uid, gid, chmod, atime, mtime, offset, length. */
const FIELDS = 8;

// Plain JavaScript run with `eval`: the same source works from dist/, the bundle and the tests'
// TypeScript. It creates each file of a batch with synchronous calls (no thread-pool round trip
// per system call), stops at the first failure, and hands the batch buffer back for reuse.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
parentPort.on('message', ({ id, paths, fields, data }) => {
  const bytes = new Uint8Array(data);
  const names = paths.split('\\0');
  let error;
  for (let i = 0; i < names.length && error === undefined; i++) {
    const [mode, uid, gid, chmod, atime, mtime, offset, length] = fields.subarray(i * ${FIELDS}, i * ${FIELDS} + ${FIELDS});
    let fd;
    try {
      fd = fs.openSync(names[i], 'wx', mode);
      for (let at = 0; at < length; ) at += fs.writeSync(fd, bytes, offset + at, length - at);
      if (uid >= 0) fs.fchownSync(fd, uid, gid);
      if (chmod >= 0) fs.fchmodSync(fd, chmod);
      fs.futimesSync(fd, atime, mtime);
      fs.closeSync(fd);
    } catch (failure) {
      if (fd !== undefined) { try { fs.closeSync(fd); } catch {} }
      const { message, code, errno, syscall, path } = failure;
      error = { message, code, errno, syscall, path };
    }
  }
  parentPort.postMessage({ id, data, error }, [data]);
});
`;

interface Reply {
  id: number;
  data: ArrayBuffer;
  error?: { message: string; code?: string; errno?: number; syscall?: string; path?: string };
}

interface Batch {
  data: Buffer;
  paths: string[];
  fields: number[];
  bytes: number;
}

/**
 * Creates a layer's small regular files on a thread of their own, in batches, while the main
 * thread goes on parsing and decompressing: on layers of many small files the open/write/close
 * system calls are much of the work, and here they overlap the rest. File bytes are copied into
 * a few reused batch buffers that move to the thread and back without copies. Files are created
 * in the order added; `drain()` waits until all added ones exist (the caller drains before
 * anything that depends on them: a hard link, a replacement, a parent lookup, directory times).
 * The first failure is thrown by the next add() or drain().
 */
export class FileWriter {
  private worker: Worker | undefined;
  private batch: Batch | undefined;
  private readonly spare: ArrayBuffer[] = [];
  private nextId = 0;
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
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    if (batch === undefined) return;
    this.batch = undefined;
    const id = this.nextId++;
    let settle!: () => void;
    const done = new Promise<void>((resolve) => (settle = resolve));
    this.inFlight.set(id, { done, settle });
    const fields = new Float64Array(batch.fields);
    const data = batch.data.buffer as ArrayBuffer;
    this.start().postMessage({ id, paths: batch.paths.join('\0'), fields, data }, [data, fields.buffer]);
    while (this.inFlight.size > BATCHES_IN_FLIGHT)
      await Promise.race([...this.inFlight.values()].map((batch) => batch.done));
  }

  private onReply(reply: Reply): void {
    const batch = this.inFlight.get(reply.id);
    if (!batch) return;
    this.inFlight.delete(reply.id);
    this.spare.push(reply.data);
    if (reply.error) this.failure ??= Object.assign(new Error(reply.error.message), reply.error);
    batch.settle();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on('message', (reply: Reply) => this.onReply(reply));
    // A thread that dies fails every batch it still had.
    worker.on('error', (error) => this.abandon(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.abandon(new Error(`file writer thread exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private abandon(error: Error): void {
    this.failure ??= error;
    this.worker = undefined;
    for (const batch of this.inFlight.values()) batch.settle();
    this.inFlight.clear();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
