import { Transform, type Readable } from 'node:stream';
import { InvalidArgumentError } from '../errors';
import type { RegistryHost } from '../registry/registry-host';
import { requestBlob, type BlobLocation } from './blob-request';

export interface OpenBlobOptions {
  /** First byte wanted (default 0): asked for with `Range`. */
  readonly offset?: number;
  /** Aborting destroys the stream. */
  readonly signal?: AbortSignal;
}

/**
 * A blob's bytes from `offset` to its end as a stream. A source that ignores the range (200) is
 * read from the start and the first `offset` bytes dropped, so the stream always starts exactly
 * at `offset`. Not verified here: only the whole blob has a digest, so the caller (which knows
 * the prefix it already has) checks it.
 */
export async function openBlobStream(
  host: RegistryHost,
  repository: string,
  blob: BlobLocation,
  options: OpenBlobOptions = {},
): Promise<Readable> {
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new InvalidArgumentError(`blob offset must be a non-negative integer, not ${offset}`);
  options.signal?.throwIfAborted();
  const response = await requestBlob(host, repository, blob, offset > 0 ? { start: offset } : undefined);
  const body: Readable =
    offset > 0 && response.status === 200
      ? response.body.pipe(skipPrefix(response.body, offset))
      : response.body;
  if (options.signal !== undefined) {
    const signal = options.signal;
    const abort = (): void => void body.destroy(signal.reason as Error);
    if (signal.aborted) abort();
    else {
      signal.addEventListener('abort', abort, { once: true });
      body.once('close', () => signal.removeEventListener('abort', abort));
    }
  }
  return body;
}

/** Drops the first `count` bytes; errors of `source` are passed on. */
function skipPrefix(source: Readable, count: number): Transform {
  let toSkip = count;
  const skipper = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (toSkip >= chunk.byteLength) {
        toSkip -= chunk.byteLength;
        callback();
        return;
      }
      const rest = toSkip > 0 ? chunk.subarray(toSkip) : chunk;
      toSkip = 0;
      callback(null, rest);
    },
  });
  source.on('error', (error) => skipper.destroy(error));
  skipper.on('close', () => source.destroy());
  return skipper;
}
