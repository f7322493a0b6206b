// Reads a container's docker json-file log (written by berth-shim): rotated files first
// (path.N ... path.1), then the current one; --tail, --since/--until, and --follow, which
// keeps reading appended lines until the container stops.
import { open, readFile, stat } from 'node:fs/promises';

export interface LogLine {
  stream: 'stdout' | 'stderr';
  data: Buffer;
  /** Milliseconds since the epoch. */
  time: number;
}

export interface LogQuery {
  /** Last N lines; negative = all. */
  tail: number;
  since?: number;
  until?: number;
  stdout: boolean;
  stderr: boolean;
}

export function parseLogLine(line: string): LogLine | undefined {
  try {
    const entry = JSON.parse(line) as { log?: unknown; stream?: unknown; time?: unknown };
    if (typeof entry.log !== 'string' || (entry.stream !== 'stdout' && entry.stream !== 'stderr'))
      return undefined;
    const time = typeof entry.time === 'string' ? Date.parse(entry.time) : NaN;
    return {
      stream: entry.stream,
      data: Buffer.from(entry.log, 'utf8'),
      time: Number.isNaN(time) ? 0 : time,
    };
  } catch {
    return undefined; // a torn last line of a crashed writer
  }
}

function wanted(line: LogLine, query: LogQuery): boolean {
  if (line.stream === 'stdout' ? !query.stdout : !query.stderr) return false;
  if (query.since !== undefined && line.time < query.since) return false;
  return query.until === undefined || line.time < query.until;
}

/** A file's whole lines, and the byte offset just past the last of them. */
async function readLines(path: string): Promise<{ lines: LogLine[]; end: number }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], end: 0 };
    throw err;
  }
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = whole.split('\n').flatMap((line) => {
    const parsed = line === '' ? undefined : parseLogLine(line);
    return parsed ? [parsed] : [];
  });
  return { lines, end: Buffer.byteLength(whole) };
}

/** The lines already in the log, oldest first, after filtering and tail. */
export async function readLog(path: string, query: LogQuery, maxRotated = 10): Promise<LogLine[]> {
  return (await readLogUpTo(path, query, maxRotated)).lines;
}

/**
 * readLog, and where in the current file its lines end: a follow that starts there misses
 * nothing written while they were read (a quick container's whole output can be).
 */
export async function readLogUpTo(
  path: string,
  query: LogQuery,
  maxRotated = 10,
): Promise<{ lines: LogLine[]; end: number }> {
  const files = [...Array.from({ length: maxRotated }, (_, i) => `${path}.${maxRotated - i}`), path];
  const lines: LogLine[] = [];
  let end = 0;
  for (const file of files) {
    const read = await readLines(file);
    for (const line of read.lines) if (wanted(line, query)) lines.push(line);
    end = read.end;
  }
  return { lines: query.tail >= 0 ? lines.slice(Math.max(0, lines.length - query.tail)) : lines, end };
}

/**
 * Delivers lines appended after `from` (default: the current end) until `stillRunning` says the container stopped (then
 * drains what is left) or `signal` aborts. Polls: inotify would miss writes across rotation.
 */
export async function followLog(
  path: string,
  query: LogQuery,
  deliver: (line: LogLine) => void,
  stillRunning: () => boolean,
  signal: AbortSignal,
  pollMs = 100,
  from?: number,
): Promise<void> {
  let offset = from ?? (await size(path));
  let partial = '';
  for (;;) {
    const running = stillRunning();
    const current = await size(path);
    if (current < offset) offset = 0; // rotated: the new file starts over
    if (current > offset) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(current - offset);
        await handle.read(buffer, 0, buffer.length, offset);
        offset = current;
        const text = partial + buffer.toString('utf8');
        const lines = text.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const parsed = parseLogLine(line);
          if (parsed && wanted(parsed, query)) deliver(parsed);
        }
      } finally {
        await handle.close();
      }
    }
    if (!running || signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function size(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}
