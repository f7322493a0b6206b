import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { ContentStore } from './content-store';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

describe('ContentStore', () => {
  let dir: string;
  let store: ContentStore;
  const data = randomBytes(300_000);
  const expected = { digest: sha256(data), size: data.length };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-content-'));
    store = new ContentStore(join(dir, 'layout'), join(dir, 'ingest'));
    await store.init();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A source serving `data` from an offset, failing after `failAfter` bytes of this attempt. */
  function source(failAfter = Infinity, opened: number[] = []) {
    return async (offset: number) => {
      opened.push(offset);
      return (async function* () {
        let sent = 0;
        for (let at = offset; at < data.length; at += 10_000) {
          const chunk = data.subarray(at, Math.min(at + 10_000, data.length));
          if (sent + chunk.length > failAfter) throw new Error('connection reset');
          sent += chunk.length;
          yield chunk;
        }
      })();
    };
  }

  it('writes a blob into the OCI layout only once it is complete and verified', async () => {
    await expect(store.fetch({ expected, open: source(120_000) })).rejects.toThrow('connection reset');
    expect(readdirSync(join(dir, 'layout/blobs/sha256'))).toEqual([]);
    expect(await store.ingests.list()).toEqual([expect.objectContaining({ offset: 120_000, expected })]);

    const opened: number[] = [];
    await store.fetch({ expected, open: source(Infinity, opened) });
    expect(opened).toEqual([120_000]); // resumed, not restarted
    expect(readFileSync(store.blobPath(expected.digest)).equals(data)).toBe(true);
    expect(await store.ingests.list()).toEqual([]);
  });

  it('refuses content that does not match its digest and keeps nothing', async () => {
    const wrong = { digest: sha256(Buffer.from('other')), size: data.length };
    await expect(store.fetch({ expected: wrong, open: source() })).rejects.toMatchObject({
      reason: 'DIGEST_MISMATCH',
    });
    expect(readdirSync(join(dir, 'layout/blobs/sha256'))).toEqual([]);
    expect(await store.ingests.list()).toEqual([]);
  });

  it('refuses a source that sends more than the descriptor says', async () => {
    const short = { digest: expected.digest, size: 1000 };
    await expect(store.fetch({ expected: short, open: source() })).rejects.toMatchObject({
      reason: 'SIZE_MISMATCH',
    });
  });

  it('downloads a blob once for concurrent fetches and feeds every sink the whole content', async () => {
    const opened: number[] = [];
    const sinks = [0, 1, 2].map(() => {
      const chunks: Buffer[] = [];
      return {
        chunks,
        sink: new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(chunk);
            callback();
          },
        }),
      };
    });
    await Promise.all(
      sinks.map(({ sink }) => store.fetch({ expected, open: source(Infinity, opened), sink })),
    );
    expect(opened).toEqual([0]);
    for (const { chunks } of sinks) expect(Buffer.concat(chunks).equals(data)).toBe(true);
  });
});
