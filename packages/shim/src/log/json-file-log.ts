import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { InvalidRequestError } from '../errors';

export type LogStream = 'stdout' | 'stderr';

export interface JsonFileLogOptions {
  path: string;
  /** Rotate before a write would take the file past this many bytes; 0 never rotates. */
  maxSize?: number;
  /** Files kept including the current one: path, path.1, ... path.<maxFiles-1>. */
  maxFiles?: number;
}

// docker's json-file driver cuts lines longer than this into several records.
const MAX_LINE_BYTES = 16 * 1024;

/**
 * A log in docker's json-file format: one `{"log":…,"stream":…,"time":…}` object per line, one
 * line per line of output, so `docker logs`-style readers and `logs --follow` tailers work
 * unchanged. Writes are synchronous appends, so a record is on disk before the shim reads more
 * output, and a shim killed mid-way leaves at worst a final partial line.
 */
export class JsonFileLog {
  private fd: number;
  private size: number;
  private readonly maxSize: number;
  private readonly maxFiles: number;
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private readonly pendingBytes: Record<LogStream, number> = { stdout: 0, stderr: 0 };
  private closed = false;

  constructor(private readonly options: JsonFileLogOptions) {
    if (!options.path.startsWith('/')) throw new InvalidRequestError('stdio.log.path', 'must be absolute');
    this.maxSize = options.maxSize ?? 0;
    this.maxFiles = Math.max(1, options.maxFiles ?? 1);
    this.fd = openSync(options.path, 'a', 0o640);
    this.size = fstatSync(this.fd).size;
  }

  /** Output as it arrives: complete lines become records, the rest waits for its newline. */
  write(stream: LogStream, chunk: Buffer): void {
    if (this.closed) return;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.hold(stream, chunk.subarray(start, nl + 1));
      this.flush(stream);
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(stream, chunk.subarray(start));
    this.flushFullPieces(stream);
  }

  /** The stream ended: an unterminated last line is written as it is. */
  end(stream: LogStream): void {
    if (!this.closed) this.flush(stream);
  }

  close(): void {
    if (this.closed) return;
    this.end('stdout');
    this.end('stderr');
    this.closed = true;
    closeSync(this.fd);
  }

  private hold(stream: LogStream, bytes: Buffer): void {
    this.pending[stream].push(bytes);
    this.pendingBytes[stream] += bytes.length;
  }

  /** Writes what is held as records of at most MAX_LINE_BYTES each. */
  private flush(stream: LogStream): void {
    if (this.pendingBytes[stream] === 0) return;
    const bytes = Buffer.concat(this.pending[stream]);
    this.pending[stream] = [];
    this.pendingBytes[stream] = 0;
    for (let at = 0; at < bytes.length; at += MAX_LINE_BYTES)
      this.record(stream, bytes.subarray(at, at + MAX_LINE_BYTES));
  }

  /** An unterminated line is written in full pieces as soon as it reaches the limit. */
  private flushFullPieces(stream: LogStream): void {
    const held = this.pendingBytes[stream];
    if (held < MAX_LINE_BYTES) return;
    const bytes = Buffer.concat(this.pending[stream]);
    const full = held - (held % MAX_LINE_BYTES);
    for (let at = 0; at < full; at += MAX_LINE_BYTES)
      this.record(stream, bytes.subarray(at, at + MAX_LINE_BYTES));
    const rest = bytes.subarray(full);
    this.pending[stream] = rest.length > 0 ? [rest] : [];
    this.pendingBytes[stream] = rest.length;
  }

  private record(stream: LogStream, bytes: Buffer): void {
    this.append(
      JSON.stringify({ log: bytes.toString('utf8'), stream, time: new Date().toISOString() }) + '\n',
    );
  }

  private append(record: string): void {
    const bytes = Buffer.from(record);
    if (this.maxSize > 0 && this.size > 0 && this.size + bytes.length > this.maxSize) this.rotate();
    writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  /** path → path.1 → … → path.<maxFiles-1>; the oldest falls off. One file means truncate. */
  private rotate(): void {
    closeSync(this.fd);
    try {
      this.reopenRotated();
    } catch (error) {
      // Closed for good: a later close() must not close the old number, which may be reused.
      this.closed = true;
      throw error;
    }
    this.size = 0;
  }

  private reopenRotated(): void {
    const { path } = this.options;
    if (this.maxFiles === 1) {
      this.fd = openSync(path, 'w', 0o640);
    } else {
      rmSync(`${path}.${this.maxFiles - 1}`, { force: true });
      for (let i = this.maxFiles - 2; i >= 1; i--) {
        try {
          renameSync(`${path}.${i}`, `${path}.${i + 1}`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      renameSync(path, `${path}.1`);
      this.fd = openSync(path, 'a', 0o640);
    }
  }
}
