import type { Readable, Writable } from 'node:stream';
import type { JsonFileLog, LogStream } from '../log/json-file-log';
import { writeBounded } from './caller-streams';

// A sink whose queue has not shrunk for this long has no reader (the engine is not attached):
// the exit need not wait for it.
const FLUSH_POLL_MS = 5;
const FLUSH_STALL_POLLS = 20;

/**
 * Resolves once what was queued for `sink` is in the kernel (the caller's fifo), so a caller
 * told of the exit finds all output in the fifo; or once the queue stopped moving.
 */
function flushed(sink: Writable): Promise<void> {
  return new Promise((resolve) => {
    let queued = -1;
    let stalled = 0;
    const check = (): boolean => {
      if (sink.writableLength === 0 || sink.destroyed) return true;
      stalled = sink.writableLength === queued ? stalled + 1 : 0;
      queued = sink.writableLength;
      return stalled >= FLUSH_STALL_POLLS;
    };
    if (check()) return resolve();
    const timer = setInterval(() => {
      if (!check()) return;
      clearInterval(timer);
      resolve();
    }, FLUSH_POLL_MS);
  });
}

/**
 * Copies a process's output to the caller's sink and the log as it arrives. Resolves once
 * the output ends (every writer closed it) or fails (EIO from a pty whose slave closed) and
 * the sink took it all, so an exit can wait until all output before it is recorded and in
 * the caller's fifo (the engine reads what the fifo holds once it hears of the exit).
 */
export function copyOutput(
  source: Readable,
  stream: LogStream,
  sink: Writable | undefined,
  log: JsonFileLog | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    source.on('data', (chunk: Buffer) => {
      if (sink) writeBounded(sink, chunk);
      log?.write(stream, chunk);
    });
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      log?.end(stream);
      if (sink) void flushed(sink).then(resolve);
      else resolve();
    };
    source.once('end', finish);
    source.once('close', finish);
    source.once('error', finish);
  });
}

/**
 * Feeds the caller's stdin source into the process. Returns the function that stops it and
 * closes the process's end (CloseIo): the process then reads end-of-file.
 */
export function copyStdin(source: Readable, target: Writable, onTargetEnd: () => void): () => void {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    source.unpipe(target);
    source.destroy();
    onTargetEnd();
  };
  source.on('error', close);
  target.on('error', close);
  source.pipe(target, { end: false });
  source.once('end', close);
  return close;
}
