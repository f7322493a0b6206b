import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { ContainerSetupError } from '../errors';
import { helperPath } from './helper-path';

/** What to connect to the container process's fds 0-2: a parent fd, inherit or ignore. */
export type StdioTarget = number | 'inherit' | 'ignore' | 'pipe';

export interface HelperOptions {
  /** The plan, or none yet: the helper starts (and seals itself) while waiting for sendPlan. */
  plan?: Buffer;
  stdio?: [StdioTarget, StdioTarget, StdioTarget];
  /** Parent fds 3..3+n-1 handed to the process as its fds 3.. (--preserve-fds). */
  preserveFds?: number;
}

/** One line from the helper: "<word> <rest>". */
export interface HelperEvent {
  word: string;
  rest: string;
}

/**
 * One run of berth-init: starts it, sends the plan, then reads the helper's progress lines and answers
 * its questions (cgroups applied, hook state). A line "error ..." becomes a ContainerSetupError.
 */
export class HelperSession {
  private readonly child: ChildProcess;
  private readonly control: Duplex;
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;
  private readonly exited: Promise<number | null>;

  constructor(options: HelperOptions) {
    const preserve = options.preserveFds ?? 0;
    const stdio: StdioOptions = [...(options.stdio ?? ['inherit', 'inherit', 'inherit'])];
    for (let fd = 3; fd < 3 + preserve; fd++) stdio.push(fd);
    stdio.push('pipe');
    const controlFd = 3 + preserve;
    // Loaded here: start, state, kill and delete never spawn, and child_process (with net and
    // stream) costs a CLI call milliseconds to load.
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    this.child = spawn(helperPath(), [String(controlFd)], { stdio, env: {} });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.once('error', () => resolve(null));
    });
    this.control = this.child.stdio[controlFd] as Duplex;
    this.control.setEncoding('utf8');
    this.control.on('data', (chunk: string) => this.onData(chunk));
    this.control.on('end', () => this.onEnd());
    this.control.on('error', () => this.onEnd());
    if (options.plan) this.sendPlan(options.plan);
  }

  /** The plan, once (when the constructor was not given it). */
  sendPlan(plan: Buffer): void {
    this.control.write(plan);
  }

  /** The helper's own stdio streams when 'pipe' was asked for (tests, in-process callers). */
  get stdio(): ChildProcess['stdio'] {
    return this.child.stdio;
  }

  /** Waits for the next line, which must start with `word`; errors and EOF throw. */
  async expect(word: string): Promise<string> {
    const event = await this.next();
    if (event === undefined) throw new ContainerSetupError(`init helper exited before reporting "${word}"`);
    if (event.word === 'error') throw new ContainerSetupError(event.rest);
    if (event.word !== word)
      throw new ContainerSetupError(`init helper sent "${event.word}", expected "${word}"`);
    return event.rest;
  }

  async next(): Promise<HelperEvent | undefined> {
    while (this.lines.length === 0 && !this.ended)
      await new Promise<void>((resolve) => (this.waiter = resolve));
    const line = this.lines.shift();
    if (line === undefined) return undefined;
    const space = line.indexOf(' ');
    return space < 0 ? { word: line, rest: '' } : { word: line.slice(0, space), rest: line.slice(space + 1) };
  }

  /** A message to the helper: one type byte and a u32-length payload. */
  send(type: 'G' | 'H' | 'L', payload = ''): void {
    const body = Buffer.from(payload);
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeUInt32LE(body.length, 1);
    this.control.write(Buffer.concat([head, body]));
  }

  /** Stops listening; the helper's stage 0 exits on its own (or already has). */
  close(): void {
    this.control.destroy();
  }

  /** Resolves with the stage 0 helper's exit code once it is gone. */
  waitExit(): Promise<number | null> {
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      this.lines.push(this.buffered.slice(0, nl));
      this.buffered = this.buffered.slice(nl + 1);
    }
    this.wake();
  }

  private onEnd(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
