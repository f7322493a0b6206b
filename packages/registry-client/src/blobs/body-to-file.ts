import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Digester } from '@berth/oci';
import { RawBody, type FileTarget } from '../transport/raw-body';
import { FileSink } from './file-sink';

export interface BodyTarget extends Omit<FileTarget, 'onWritten'> {
  /** Fed each chunk once it reached the file. */
  readonly digester?: Digester;
}

export interface BodyWrite {
  /** Settles once the body is in the file or failed; a failure settles only after the last write landed. */
  readonly done: Promise<void>;
  /** Body bytes that reached the file (from `position` on): where to resume after a failure. */
  written(): number;
}

/** Writes a response body into a file at `position`: a RawBody writes itself, others go through a FileSink. */
export function writeBodyToFile(body: Readable, target: BodyTarget): BodyWrite {
  const { digester, ...file } = target;
  if (body instanceof RawBody) {
    return body.intoFile({ ...file, ...(digester ? { onWritten: (chunk) => digester.update(chunk) } : {}) });
  }
  const sink = new FileSink(file.fd, file.position, file.limit, file.limitError, digester, file.onBytes);
  const done = pipeline(body, sink).catch(async (error: unknown) => {
    // A write may still be landing: settle only once `written()` is final.
    await sink.settled();
    throw error;
  });
  return { done, written: () => sink.position - file.position };
}
