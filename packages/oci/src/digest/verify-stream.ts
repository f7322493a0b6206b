import { Transform, type TransformCallback } from 'node:stream';
import { DigestMismatchError, SizeMismatchError } from '../errors';
import { parseDigest } from './digest';
import { createDigester, type Digester } from './digester';

export interface ExpectedContent {
  readonly digest: string;
  readonly size: number;
}

/**
 * Passes bytes through unchanged while hashing them. Fails with SizeMismatchError as soon as
 * more bytes arrive than expected (the excess is not passed on), and at the end with
 * SizeMismatchError if fewer arrived or DigestMismatchError if the hash differs.
 */
export class DigestVerifyingStream extends Transform {
  readonly expected: ExpectedContent;
  private readonly digester: Digester;

  constructor(expected: ExpectedContent) {
    super();
    const { algorithm } = parseDigest(expected.digest);
    if (!Number.isSafeInteger(expected.size) || expected.size < 0) {
      throw new RangeError(`expected size must be a non-negative integer, got ${expected.size}`);
    }
    this.expected = { digest: expected.digest, size: expected.size };
    this.digester = createDigester(algorithm);
  }

  /** Bytes that passed through so far. */
  get bytesVerified(): number {
    return this.digester.size;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const total = this.digester.size + chunk.byteLength;
    if (total > this.expected.size) {
      callback(new SizeMismatchError(this.expected.size, total));
      return;
    }
    this.digester.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.digester.size !== this.expected.size) {
      callback(new SizeMismatchError(this.expected.size, this.digester.size));
      return;
    }
    const actual = this.digester.digest();
    if (actual !== this.expected.digest) {
      callback(new DigestMismatchError(this.expected.digest, actual));
      return;
    }
    callback();
  }
}

export function verifyStream(expected: ExpectedContent): DigestVerifyingStream {
  return new DigestVerifyingStream(expected);
}
