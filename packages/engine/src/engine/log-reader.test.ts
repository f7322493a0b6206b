import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLog, readLog, readLogUpTo, type LogLine } from './log-reader';

const entry = (log: string, stream: string, time: string) => `${JSON.stringify({ log, stream, time })}\n`;
const all = { tail: -1, stdout: true, stderr: true };
const text = (lines: LogLine[]) => lines.map((l) => l.data.toString()).join('');

describe('log reader', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-engine-logs-'));
    path = join(dir, 'c-json.log');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads rotated files first, filters streams and times, and tails', async () => {
    await writeFile(`${path}.1`, entry('one\n', 'stdout', '2026-11-23T10:00:00.000Z'));
    await writeFile(
      path,
      entry('two\n', 'stderr', '2026-11-23T10:00:01.000Z') +
        entry('three\n', 'stdout', '2026-11-23T10:00:02.000Z') +
        '{"log":"torn',
    );
    expect(text(await readLog(path, all))).toBe('one\ntwo\nthree\n');
    expect(text(await readLog(path, { ...all, tail: 1 }))).toBe('three\n');
    expect(text(await readLog(path, { ...all, tail: 0 }))).toBe('');
    expect(text(await readLog(path, { ...all, stderr: false }))).toBe('one\nthree\n');
    expect(text(await readLog(path, { ...all, since: Date.parse('2026-11-23T10:00:01Z') }))).toBe(
      'two\nthree\n',
    );
    expect(text(await readLog(path, { ...all, until: Date.parse('2026-11-23T10:00:01Z') }))).toBe('one\n');
    expect(await readLog(join(dir, 'none'), all)).toEqual([]);
  });

  it('follows from where the read ended, so lines written in between are not lost', async () => {
    await writeFile(path, entry('old\n', 'stdout', '2026-11-23T10:00:00Z') + '{"log":"to');
    const { lines, end } = await readLogUpTo(path, all);
    expect(text(lines)).toBe('old\n');
    await appendFile(path, 'rn\\n","stream":"stdout","time":"2026-11-23T10:00:01Z"}\n');
    await appendFile(path, entry('quick\n', 'stdout', '2026-11-23T10:00:02Z'));
    const seen: LogLine[] = [];
    await followLog(
      path,
      all,
      (line) => seen.push(line),
      () => false,
      new AbortController().signal,
      10,
      end,
    );
    expect(text(seen)).toBe('torn\nquick\n');
  });

  it('follows appended lines until the container stops', async () => {
    await writeFile(path, entry('old\n', 'stdout', '2026-11-23T10:00:00Z'));
    const seen: LogLine[] = [];
    let running = true;
    const done = followLog(
      path,
      all,
      (line) => seen.push(line),
      () => running,
      new AbortController().signal,
      10,
    );
    await appendFile(path, entry('new\n', 'stdout', '2026-11-23T10:00:01Z'));
    await appendFile(path, '{"log":"half');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await appendFile(path, '\\n","stream":"stderr","time":"2026-11-23T10:00:02Z"}\n');
    running = false;
    await done;
    expect(text(seen)).toBe('new\nhalf\n');
    expect(seen[1].stream).toBe('stderr');
  });
});
