import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestMismatchError, InvalidDigestError, SizeMismatchError } from '../errors';
import { digestOf } from './digest';
import { DigestVerifyingStream, verifyStream } from './verify-stream';

async function run(
  chunks: string[],
  expected: { digest: string; size: number },
): Promise<{ out: string; error?: unknown }> {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  try {
    await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), verifyStream(expected), sink);
    return { out: Buffer.concat(received).toString() };
  } catch (error) {
    return { out: Buffer.concat(received).toString(), error };
  }
}

describe('DigestVerifyingStream', () => {
  const content = 'layer bytes';
  const expected = { digest: digestOf(content), size: content.length };

  it('passes matching content through unchanged', async () => {
    const result = await run(['layer ', 'bytes'], expected);
    expect(result.error).toBeUndefined();
    expect(result.out).toBe(content);
  });

  it('fails with SizeMismatchError as soon as content runs past the expected size', async () => {
    const result = await run(['layer ', 'bytes', ' and more', ' and even more'], expected);
    expect(result.error).toBeInstanceOf(SizeMismatchError);
    expect((result.error as SizeMismatchError).actual).toBe(content.length + ' and more'.length);
    expect(result.out).toBe(content);
  });

  it('fails with SizeMismatchError when content is short', async () => {
    const result = await run(['layer'], expected);
    expect(result.error).toBeInstanceOf(SizeMismatchError);
    expect((result.error as SizeMismatchError).message).toBe(
      `size mismatch: expected ${content.length} bytes, got 5`,
    );
  });

  it('fails with DigestMismatchError when same-sized content differs', async () => {
    const result = await run(['LAYER BYTES'], expected);
    expect(result.error).toBeInstanceOf(DigestMismatchError);
    expect((result.error as DigestMismatchError).actual).toBe(digestOf('LAYER BYTES'));
    expect((result.error as DigestMismatchError).code).toBe('DataLoss');
  });

  it('verifies sha512 content and empty content', async () => {
    expect(
      (await run([content], { digest: digestOf(content, 'sha512'), size: content.length })).error,
    ).toBeUndefined();
    expect((await run([], { digest: digestOf(''), size: 0 })).error).toBeUndefined();
  });

  it('refuses a malformed expectation up front', () => {
    expect(() => new DigestVerifyingStream({ digest: 'sha256:nope', size: 1 })).toThrow(InvalidDigestError);
    expect(() => new DigestVerifyingStream({ digest: expected.digest, size: -1 })).toThrow(RangeError);
  });
});
