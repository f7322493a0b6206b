import { constants, createReadStream, createWriteStream, openSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { InvalidRequestError } from '../errors';

// Output queued for a caller's fifo nobody reads (the engine is down) is dropped past this;
// the json-file log still has it.
const MAX_QUEUED_OUTPUT = 1 << 20;

function isFifo(file: string, field: string): boolean {
  if (!file.startsWith('/')) throw new InvalidRequestError(field, `"${file}" must be an absolute path`);
  try {
    return statSync(file).isFIFO();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Where a process's stdout or stderr goes, as the caller named it: a fifo, opened read-write
 * so the open never blocks and writes never fail while no reader is attached (output then
 * waits in the fifo, as with containerd's fifos); or a file, appended to.
 */
export function openOutputSink(file: string, field: string): Writable {
  if (isFifo(file, field)) {
    const fd = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
    return new Socket({ fd, readable: false, writable: true });
  }
  return createWriteStream(file, { flags: 'a' });
}

/** Writes unless the sink is backed up beyond the bound (an absent reader must not grow memory). */
export function writeBounded(sink: Writable, chunk: Buffer): void {
  if (sink.writableLength < MAX_QUEUED_OUTPUT) sink.write(chunk);
}

/**
 * Where a process's stdin comes from: a fifo, opened read-write so that it neither blocks
 * until the caller opens its end nor reports end-of-file when a caller detaches (the
 * container's stdin stays open until CloseIo, like containerd's); or a file, read to its end.
 */
export function openStdinSource(file: string, field: string): Readable {
  if (isFifo(file, field)) {
    const fd = openSync(file, constants.O_RDWR | constants.O_NONBLOCK);
    return new Socket({ fd, readable: true, writable: false });
  }
  return createReadStream(file);
}
