import { Worker } from 'node:worker_threads';

/** Numbers per file in a batch: mode, uid, gid, chmod, atime, mtime, offset, length. */
export const WRITER_FIELDS = 8;

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
    const at = i * ${WRITER_FIELDS};
    const [mode, uid, gid, chmod, atime, mtime, offset, length] = fields.subarray(at, at + ${WRITER_FIELDS});
    let fd;
    try {
      fd = fs.openSync(names[i], 'wx', mode);
      for (let done = 0; done < length; ) done += fs.writeSync(fd, bytes, offset + done, length - done);
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

/** A batch of files for a writer thread: NUL-separated paths, WRITER_FIELDS numbers per file, bytes. */
export interface WriterBatch {
  paths: string;
  fields: Float64Array;
  data: ArrayBuffer;
}

/** A thread's answer to a batch: its buffer back (unless the thread died) and the first failure. */
export interface WriterReply {
  id: number;
  data?: ArrayBuffer;
  error?: { message: string; code?: string; errno?: number; syscall?: string; path?: string };
}

/** One user's hold on a writer thread. */
export interface WriterThread {
  /** Posts a batch (its buffers move to the thread); `onReply` gets the answer. Returns its id. */
  send(batch: WriterBatch, transfer: ArrayBuffer[], onReply: (reply: WriterReply) => void): number;
  release(): void;
}

interface PooledThread {
  worker: Worker;
  users: number;
  waiting: Map<number, (reply: WriterReply) => void>;
  /** Why the thread is gone, once it is: later batches are answered with it at once. */
  dead?: Error;
  /** Ends the thread after it sat unused for IDLE_MS. */
  idleTimer?: NodeJS.Timeout;
}

// The threads mostly wait in file system calls, so a few more than this machine's 2 cores pay
// (3 layers on 2 shared threads: single pulls 4.2 s vs 3.5 s with a thread each, medians of 5);
// every layer of a many-layer image shares them, so 40 layers do not start 40 threads.
const MAX_THREADS = 4;
// A thread's start costs ~40 ms of CPU (Node's bootstrap in the new isolate) and its code runs
// cold again: a daemon keeps its threads between pulls, and ends them after a quiet minute so an
// idle daemon does not hold their ~10 MB each.
const IDLE_MS = 60_000;
const pool: PooledThread[] = [];
let nextBatchId = 0;

/**
 * A writer thread for one layer's unpack: an idle one if there is one, a new one while fewer than
 * MAX_THREADS exist, else the least used. A thread processes its batches in order, so each
 * layer's files are still created in the order it sent them. An unused thread does not keep the
 * process alive (a process must be able to exit) and ends after IDLE_MS; a thread that dies
 * answers all it was given with an error.
 */
export function acquireWriterThread(): WriterThread {
  const leastUsed = pool.length === 0 ? undefined : pool.reduce((a, b) => (b.users < a.users ? b : a));
  const thread =
    leastUsed !== undefined && (leastUsed.users === 0 || pool.length >= MAX_THREADS)
      ? leastUsed
      : startThread();
  const held = thread;
  if (held.users++ === 0) {
    clearTimeout(held.idleTimer);
    held.worker.ref();
  }
  let released = false;
  return {
    send: (batch, transfer, onReply) => {
      const id = nextBatchId++;
      const dead = held.dead;
      if (dead) queueMicrotask(() => onReply({ id, error: { message: dead.message } }));
      else {
        held.waiting.set(id, onReply);
        held.worker.postMessage({ id, ...batch }, transfer);
      }
      return id;
    },
    release: () => {
      if (released) return;
      released = true;
      if (--held.users > 0 || held.dead) return;
      held.worker.unref();
      held.idleTimer = setTimeout(() => endThread(held, 'idle'), IDLE_MS).unref();
    },
  };
}

function startThread(): PooledThread {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const created: PooledThread = { worker, users: 0, waiting: new Map() };
  worker.on('message', (reply: WriterReply) => {
    const onReply = created.waiting.get(reply.id);
    created.waiting.delete(reply.id);
    onReply?.(reply);
  });
  const fail = (error: Error): void => {
    created.dead ??= error;
    clearTimeout(created.idleTimer);
    const index = pool.indexOf(created);
    if (index >= 0) pool.splice(index, 1);
    for (const [id, onReply] of created.waiting) onReply({ id, error: { message: created.dead.message } });
    created.waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`file writer thread exited with code ${code}`)));
  pool.push(created);
  return created;
}

function endThread(thread: PooledThread, why: string): void {
  const index = pool.indexOf(thread);
  if (index >= 0) pool.splice(index, 1);
  thread.dead ??= new Error(`file writer thread ended (${why})`);
  void thread.worker.terminate();
}

/** Threads running now (for tests). */
export function writerThreadCount(): number {
  return pool.length;
}
