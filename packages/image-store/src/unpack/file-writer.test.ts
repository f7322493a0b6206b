import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { FileWriter } from './file-writer';
import { writerThreadCount } from './writer-threads';

describe('FileWriter (writer threads)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-file-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, mode = 0o644) => ({ path: join(dir, name), mode, atime: 1000, mtime: 2000.5 });

  it('creates the files of more writers than threads, in several batches each, with their metadata', async () => {
    // 256 KiB files: each writer fills several 4 MiB batches; 5 writers share at most 4 threads.
    const writers = Array.from({ length: 5 }, () => new FileWriter());
    const content = (w: number, i: number) => Buffer.alloc(256 * 1024, `writer ${w} file ${i}\n`);
    try {
      await Promise.all(
        writers.map(async (writer, w) => {
          for (let i = 0; i < 40; i++) {
            const bytes = content(w, i);
            await writer.add(
              file(`${w}-${i}`, 0o640),
              [bytes.subarray(0, 3), bytes.subarray(3)],
              bytes.length,
            );
          }
          await writer.drain();
        }),
      );
    } finally {
      await Promise.all(writers.map((writer) => writer.close()));
    }
    for (const [w, i] of [
      [0, 0],
      [4, 39],
      [2, 17],
    ] as const)
      expect(readFileSync(join(dir, `${w}-${i}`)).equals(content(w, i))).toBe(true);
    const stats = statSync(join(dir, '3-5'));
    expect(stats.mode & 0o777).toBe(0o640 & ~process.umask());
    expect(stats.mtimeMs).toBe(2000500);
  });

  it('reports the first failure (naming the path) from drain and refuses more work', async () => {
    const writer = new FileWriter();
    try {
      await writer.add(file('ok'), [Buffer.from('x')], 1);
      await writer.add(file('missing-dir/f'), [Buffer.from('y')], 1);
      await expect(writer.drain()).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });
      await expect(writer.add(file('later'), [], 0)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await writer.close();
    }
    expect(readFileSync(join(dir, 'ok'), 'utf8')).toBe('x');
  });

  it('keeps its threads for the next writers instead of starting new ones', async () => {
    const first = new FileWriter();
    await first.add(file('a'), [Buffer.from('a')], 1);
    await first.drain();
    await first.close();
    const running = writerThreadCount();
    expect(running).toBeGreaterThan(0);
    const second = new FileWriter();
    try {
      await second.add(file('b'), [Buffer.from('b')], 1);
      await second.drain();
    } finally {
      await second.close();
    }
    expect(writerThreadCount()).toBe(running);
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('b');
  });
});
