import { createHash, type Hash } from 'node:crypto';
import { assertDigestAlgorithm, type DigestAlgorithm } from './digest';

/** Hashes content fed in pieces and counts its bytes. */
export interface Digester {
  readonly algorithm: DigestAlgorithm;
  /** Bytes fed so far. */
  readonly size: number;
  update(chunk: Buffer | Uint8Array | string): this;
  /** The digest of everything fed; further updates are refused after the first call. */
  digest(): string;
}

class HashDigester implements Digester {
  private readonly hash: Hash;
  private bytes = 0;
  private result: string | undefined;

  constructor(readonly algorithm: DigestAlgorithm) {
    this.hash = createHash(algorithm);
  }

  get size(): number {
    return this.bytes;
  }

  update(chunk: Buffer | Uint8Array | string): this {
    if (this.result !== undefined) throw new Error('digester already finished: update() after digest()');
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.hash.update(buffer);
    this.bytes += buffer.byteLength;
    return this;
  }

  digest(): string {
    this.result ??= `${this.algorithm}:${this.hash.digest('hex')}`;
    return this.result;
  }
}

export function createDigester(algorithm: DigestAlgorithm = 'sha256'): Digester {
  return new HashDigester(assertDigestAlgorithm(algorithm));
}
