import { createWriteStream } from 'node:fs';
import { InvalidArgumentError } from '../errors';
import type { CommandContext } from './command';

/** Where an archive goes: the -o file, or stdout unless that is a terminal (docker refuses too). */
export function archiveOutput(ctx: CommandContext, path: string | undefined): NodeJS.WritableStream {
  if (path) return createWriteStream(path);
  if (ctx.io.stdout.isTTY) {
    throw new InvalidArgumentError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
  }
  return ctx.io.stdout;
}

/**
 * Writes chunks to `out` honouring back-pressure, and ends it when `closeAtEnd` (a file). A
 * write or open error of `out` (a missing directory for -o) rejects instead of crashing.
 */
export async function writeChunks(
  out: NodeJS.WritableStream,
  chunks: AsyncIterable<Buffer>,
  closeAtEnd: boolean,
): Promise<void> {
  let failure: unknown;
  let closedByReader = false;
  let wake: (() => void) | undefined;
  const onError = (err: NodeJS.ErrnoException) => {
    // The reader of a pipe went away (`berth export web | tar -t | head`): nothing is wrong.
    if (err.code !== 'EPIPE') failure = err;
    else closedByReader = true;
    wake?.();
  };
  const onDrain = () => wake?.();
  out.on('error', onError);
  out.on('drain', onDrain);
  const wait = () => new Promise<void>((resolve) => (wake = resolve));
  try {
    for await (const chunk of chunks) {
      if (failure || closedByReader) break;
      if (!out.write(chunk)) await wait();
    }
    if (!failure && !closedByReader && closeAtEnd) {
      const finished = wait();
      out.end(() => wake?.());
      await finished;
    }
    if (failure) throw failure;
  } finally {
    out.removeListener('error', onError);
    out.removeListener('drain', onDrain);
  }
}
