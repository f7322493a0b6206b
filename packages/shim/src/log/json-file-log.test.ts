import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JsonFileLog } from './json-file-log';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'shim-log-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const records = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { log: string; stream: string; time: string });

describe('JsonFileLog', () => {
  it('writes one docker json-file record per line, keeping partial lines until their newline', () => {
    const file = path.join(dir, 'c.log');
    const log = new JsonFileLog({ path: file });
    log.write('stdout', Buffer.from('one\ntw'));
    log.write('stderr', Buffer.from('oops\n'));
    log.write('stdout', Buffer.from('o\nlast'));
    log.close();
    const got = records(file);
    expect(got.map((r) => [r.stream, r.log])).toEqual([
      ['stdout', 'one\n'],
      ['stderr', 'oops\n'],
      ['stdout', 'two\n'],
      ['stdout', 'last'],
    ]);
    expect(new Date(got[0].time).toISOString()).toBe(got[0].time);
  });

  it('cuts lines longer than 16 KiB into several records', () => {
    const file = path.join(dir, 'long.log');
    const log = new JsonFileLog({ path: file });
    log.write('stdout', Buffer.alloc(40 * 1024, 'x'));
    log.end('stdout');
    log.close();
    const got = records(file);
    expect(got.length).toBeGreaterThan(1);
    expect(got.map((r) => r.log).join('')).toBe('x'.repeat(40 * 1024));
  });

  it('rotates by size into path.1 … path.<maxFiles-1>, dropping the oldest', () => {
    const file = path.join(dir, 'r.log');
    const log = new JsonFileLog({ path: file, maxSize: 200, maxFiles: 3 });
    for (let i = 0; i < 20; i++) log.write('stdout', Buffer.from(`line ${i} ${'.'.repeat(40)}\n`));
    log.close();
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(readFileSync(f).length).toBeLessThanOrEqual(200);
    const newest = records(file).map((r) => r.log);
    expect(newest[newest.length - 1]).toMatch(/^line 19 /);
    const older = records(`${file}.1`).map((r) => r.log);
    expect(Number(/line (\d+)/.exec(older[older.length - 1])![1])).toBe(
      Number(/line (\d+)/.exec(newest[0])![1]) - 1,
    );
  });

  it('with one file, starts it over when full', () => {
    const file = path.join(dir, 'one.log');
    const log = new JsonFileLog({ path: file, maxSize: 150, maxFiles: 1 });
    for (let i = 0; i < 10; i++) log.write('stdout', Buffer.from(`line ${i}\n`));
    log.close();
    expect(existsSync(`${file}.1`)).toBe(false);
    expect(records(file).pop()?.log).toBe('line 9\n');
  });

  it('refuses a relative path', () => {
    expect(() => new JsonFileLog({ path: 'rel.log' })).toThrow(/stdio.log.path: must be absolute/);
  });
});
