import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CommandFailedError } from '../errors';

const COMMAND = 'ip -batch - (host)';
/** Idle helpers kept; more are started when all are busy, and ended when they come back. */
const KEEP_IDLE = 2;
// Prints one line (`-o`), which tells that every line before it succeeded.
const MARKER = 'link show dev lo';
// Changes print nothing on success, so the marker's line is the only output of a batch. Anything
// that prints (show, list, get) would be taken for a later batch's marker, so it is refused.
const CHANGE = /^(link|addr|address|route|neigh) (add|set|del|delete|replace|change|flush) /;

/** One `ip -o -batch -` reading from a pipe. It exits at the first failing line. */
class IpHelper {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  private stdout = '';
  private stderr = '';
  private current?: { resolve: () => void; reject: (error: Error) => void };

  constructor(private readonly onExit: (helper: IpHelper) => void) {
    this.child = spawn('ip', ['-o', '-batch', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.stdout += chunk;
      if (!this.stdout.includes('\n')) return;
      this.stdout = '';
      const current = this.current;
      this.current = undefined;
      current?.resolve();
    });
    this.child.stderr.on('data', (chunk: string) => (this.stderr += chunk));
    this.child.stdin.on('error', () => undefined);
    const exited = (message: string) => {
      const current = this.current;
      this.current = undefined;
      current?.reject(new CommandFailedError(COMMAND, this.child.exitCode, this.stderr || message));
      this.onExit(this);
    };
    this.child.on('error', (error) => exited(error.message));
    this.child.on('close', () => exited('ip exited'));
  }

  run(lines: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.current = { resolve, reject };
      this.stderr = '';
      this.child.stdin.write(`${lines.join('\n')}\n${MARKER}\n`);
    });
  }

  end(): void {
    this.child.stdin.end();
  }
}

/**
 * Long-lived `ip -batch -` processes for changes in the host namespace, so the hot paths do not
 * spawn: a spawn forks the whole daemon, which blocks it for 1–2 ms, and starting ip costs more.
 * A helper runs one batch at a time, and may stay busy after its caller moved on (a veth delete
 * waits in the kernel for memory to be freed, see LinkMonitor), so a batch takes an idle helper
 * or starts one. Like `ip -batch -`, a batch stops at its first failing line; its helper then
 * exits with the error and is not reused. Only changes are taken (see CHANGE), and none naming a
 * namespace (`netns PATH`): ip never closes the file it opens for one, and a long-lived helper
 * would pin the namespace and keep its bind mount busy.
 */
export class IpBatchPool {
  private readonly idle: IpHelper[] = [];
  private readonly all = new Set<IpHelper>();
  private closed = false;

  /** Starts a helper ahead of the first batch. */
  warm(): void {
    if (this.all.size === 0 && !this.closed) this.idle.push(this.start());
  }

  async run(lines: string[]): Promise<void> {
    if (lines.length === 0) return;
    if (this.closed) throw new Error('ip helpers closed');
    const refused = lines.find((line) => !CHANGE.test(line) || /\bnetns\b/.test(line));
    if (refused !== undefined)
      throw new Error(
        `a long-lived ip helper takes changes without a namespace, not ${JSON.stringify(refused)}`,
      );
    const helper = this.idle.pop() ?? this.start();
    await helper.run(lines);
    if (!this.closed && this.idle.length < KEEP_IDLE) this.idle.push(helper);
    else helper.end();
  }

  /** Ends every helper once its batch is done. */
  async close(): Promise<void> {
    this.closed = true;
    const exits = [...this.all].map(
      (helper) =>
        new Promise<void>((resolve) => {
          if (helper.child.exitCode !== null || helper.child.signalCode !== null) resolve();
          else helper.child.once('close', () => resolve());
        }),
    );
    for (const helper of this.all) helper.end();
    await Promise.all(exits);
  }

  private start(): IpHelper {
    const helper = new IpHelper((gone) => {
      this.all.delete(gone);
      const at = this.idle.indexOf(gone);
      if (at >= 0) this.idle.splice(at, 1);
    });
    this.all.add(helper);
    return helper;
  }
}
