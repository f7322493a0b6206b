import { closeSync, readSync, writeSync } from 'node:fs';
import { runtimeAddon } from './runtime-addon';

const READABLE = 1;
const WRITABLE = 2;
const NEWLINE = 0x0a;

/**
 * The runtime's end of the helper's control socket (non-blocking), read and written from the
 * event loop through the addon's fd watch instead of a net.Socket: the CLI never loads net.
 * Delivers whole lines; `onEnd` once the helper side is closed (or the socket failed).
 */
export class ControlChannel {
  private readonly watch: { start(events: number): void; close(): void };
  private readonly queued: Buffer[] = [];
  private partial = Buffer.alloc(0);
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly onLine: (line: string) => void,
    private readonly onEnd: () => void,
  ) {
    this.watch = runtimeAddon().watchFd(fd, (status, events) => this.onPoll(status, events));
    this.watch.start(READABLE);
  }

  /** Writes now when the socket takes it, else once it turns writable (in order). */
  write(data: Buffer): void {
    if (this.closed) return;
    this.queued.push(data);
    if (this.queued.length === 1) this.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watch.close();
    closeSync(this.fd);
  }

  private onPoll(status: number, events: number): void {
    if (this.closed) return;
    if (status < 0) return this.end();
    if (events & WRITABLE) this.flush();
    if (events & READABLE) this.read();
  }

  private flush(): void {
    while (this.queued.length > 0) {
      const head = this.queued[0];
      let written: number;
      try {
        written = writeSync(this.fd, head);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
        // The helper is gone (EPIPE): reading reports how it ended.
        this.queued.length = 0;
        break;
      }
      if (written < head.length) {
        this.queued[0] = head.subarray(written);
        break;
      }
      this.queued.shift();
    }
    if (!this.closed) this.watch.start(this.queued.length > 0 ? READABLE | WRITABLE : READABLE);
  }

  private read(): void {
    const buf = Buffer.allocUnsafe(65536);
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, buf, 0, buf.length, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return;
        return this.end();
      }
      if (n === 0) return this.end();
      this.take(buf.subarray(0, n));
      if (this.closed) return;
    }
  }

  private take(chunk: Buffer): void {
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    let nl: number;
    while ((nl = data.indexOf(NEWLINE)) >= 0) {
      this.onLine(data.toString('utf8', 0, nl));
      data = data.subarray(nl + 1);
    }
    this.partial = Buffer.from(data);
  }

  private end(): void {
    this.close();
    this.onEnd();
  }
}
