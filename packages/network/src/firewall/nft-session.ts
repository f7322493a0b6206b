import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CommandFailedError } from '../errors';

/**
 * One long-lived `nft -i` that applies element scripts as transactions, instead of an `nft -f -`
 * per change. Two costs go away: the spawn and start of nft (a fork of the daemon blocks it for
 * 1–2 ms), and, for deletes, the exit: the kernel frees deleted elements after an RCU grace
 * period, and closing an nftables netlink socket waits for that work (about 10 ms here), so an
 * `nft -f -` that deletes returns long after its transaction committed.
 *
 * nft -i runs each input line as one transaction (all of it or, on any error, none). It prints
 * nothing on success and an error naming the line on stderr otherwise, so after each transaction
 * the session sends a marker line nft cannot parse: its echo in the error stream ends the
 * transaction's output. Transactions run one at a time, in call order.
 */
export class NftSession {
  private child?: ChildProcessByStdio<Writable, null, Readable>;
  private errors = '';
  private sequence = 0;
  private current?: { marker: string; resolve: () => void; reject: (error: Error) => void };
  private tail: Promise<void> = Promise.resolve();
  private closed = false;

  /** Applies a script of one-line commands (element adds and deletes) as one transaction. */
  apply(script: string): Promise<void> {
    const line = script
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('; ');
    if (line === '') return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('nft session closed'));
    const result = this.tail.then(() => this.transact(line));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Ends nft once queued transactions are done. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }

  private transact(line: string): Promise<void> {
    const child = this.ensureChild();
    const marker = `berth-end-${++this.sequence}`;
    return new Promise<void>((resolve, reject) => {
      this.current = { marker, resolve, reject };
      child.stdin.write(`${line}\n${marker}\n`);
    });
  }

  private ensureChild(): ChildProcessByStdio<Writable, null, Readable> {
    if (this.child && this.child.exitCode === null && !this.child.killed) return this.child;
    this.errors = '';
    // HOME: nft -i keeps a history file there; /dev/null/… cannot be written, so none is left.
    const child = spawn('nft', ['-i'], {
      stdio: ['pipe', 'ignore', 'pipe'],
      env: { ...process.env, HOME: '/dev/null' },
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.errors += chunk;
      this.settle();
    });
    child.stdin.on('error', () => undefined);
    const gone = (reason: string) => {
      if (this.child === child) this.child = undefined;
      const current = this.current;
      this.current = undefined;
      current?.reject(new CommandFailedError('nft -i', child.exitCode, `${this.errors}${reason}`));
    };
    child.on('error', (error) => gone(error.message));
    child.on('close', () => gone('nft exited'));
    this.child = child;
    return child;
  }

  /** Finishes the running transaction once nft has echoed its marker and the caret line after it. */
  private settle(): void {
    const current = this.current;
    if (!current) return;
    const echo = `\n${current.marker}\n`;
    const at = this.errors.indexOf(echo);
    if (at < 0) return;
    const end = this.errors.indexOf('\n', at + echo.length);
    if (end < 0) return;
    // The marker's own error header is the line before its echo.
    const output = this.errors.slice(0, Math.max(0, this.errors.lastIndexOf('\n', at - 1) + 1));
    this.errors = this.errors.slice(end + 1);
    this.current = undefined;
    if (output.trim() === '') current.resolve();
    else current.reject(new CommandFailedError('nft -i', null, output));
  }
}
