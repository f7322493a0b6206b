import { once } from 'node:events';

/** The part of Node and streamx writables this needs. */
interface WritableLike {
  write(chunk: Buffer): boolean;
  destroyed: boolean;
  errored?: unknown;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Writes one chunk honouring backpressure. A destination that is destroyed meanwhile (its
 * consumer failed) rejects instead of waiting for a 'drain' that never comes.
 */
export async function writeWithBackpressure(sink: WritableLike, chunk: Buffer, what: string): Promise<void> {
  if (sink.destroyed) throw stoppedError(sink, what);
  if (sink.write(chunk)) return;
  const done = new AbortController();
  try {
    await Promise.race([
      once(sink as unknown as NodeJS.EventEmitter, 'drain', { signal: done.signal }),
      once(sink as unknown as NodeJS.EventEmitter, 'close', { signal: done.signal }).then(() => {
        throw stoppedError(sink, what);
      }),
    ]);
  } finally {
    done.abort();
  }
}

function stoppedError(sink: WritableLike, what: string): unknown {
  return sink.errored ?? new Error(`${what} stopped`);
}
