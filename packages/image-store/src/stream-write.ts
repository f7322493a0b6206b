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
  // Plain listeners rather than events.once with an AbortSignal: this runs for every chunk of
  // every layer, and each abort builds an AbortError with a stack trace.
  const emitter = sink as unknown as NodeJS.EventEmitter;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      emitter.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      emitter.off('drain', onDrain);
      reject(stoppedError(sink, what));
    };
    emitter.once('drain', onDrain);
    emitter.once('close', onClose);
  });
}

function stoppedError(sink: WritableLike, what: string): unknown {
  return sink.errored ?? new Error(`${what} stopped`);
}
