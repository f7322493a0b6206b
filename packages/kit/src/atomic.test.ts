import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLossError, InvalidArgumentError, NotFoundError } from './errors/classes';
import { readJsonFile, writeFileAtomic, writeJsonAtomic } from './atomic';

describe('atomic files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-kit-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a file and leaves no temp file behind', async () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('applies the mode exactly, whatever the umask', async () => {
    const path = join(dir, 'secret');
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(path, 'x', { mode: 0o640 });
    } finally {
      process.umask(previous);
    }
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('cleans up its temp file when the rename fails', async () => {
    const target = join(dir, 'occupied');
    mkdirSync(join(target, 'child'), { recursive: true }); // rename(2) cannot replace a non-empty dir
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow(/EISDIR|ENOTEMPTY/);
    expect(readdirSync(dir)).toEqual(['occupied']);
  });

  it('replaces a file without fsync when not durable, still leaving no temp file', async () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new', { durable: false, mode: 0o600 });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('round-trips JSON', async () => {
    const path = join(dir, 'c.json');
    await writeJsonAtomic(path, { id: 'abc', n: [1, 2] });
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
    await expect(readJsonFile(path)).resolves.toEqual({ id: 'abc', n: [1, 2] });
  });

  it('names the file on bad JSON, with the kind of error the caller chose', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"a":');
    await expect(readJsonFile(path)).rejects.toThrow(InvalidArgumentError);
    await expect(readJsonFile(path)).rejects.toThrow(`${path}: invalid JSON: `);
    await expect(readJsonFile(path, { malformed: 'data-loss' })).rejects.toThrow(DataLossError);
  });

  it('reports a missing file as NotFound', async () => {
    const path = join(dir, 'nope.json');
    await expect(readJsonFile(path)).rejects.toThrow(NotFoundError);
    await expect(readJsonFile(path)).rejects.toThrow(`${path} does not exist`);
  });
});
