import type { Readable, Writable } from 'node:stream';
import type { JsonFileLog, LogStream } from '../log/json-file-log';
import { writeBounded } from './caller-streams';

/**
 * Copies a process's output to the caller's sink and the log as it arrives. Resolves once
 * the output ends (every writer closed it) or fails (EIO from a pty whose slave closed), so
 * an exit can wait until all output before it is recorded.
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
      resolve();
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
