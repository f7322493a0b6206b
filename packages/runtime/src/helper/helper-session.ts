import { closeSync } from 'node:fs';
import { ContainerSetupError, helperFailure } from '../errors';
import { ControlChannel } from './control-channel';
import { helperPath } from './helper-path';
import { runtimeAddon, type SpawnJob } from './runtime-addon';

/** What to connect to the container process's fds 0-2: a parent fd, inherit or ignore. */
export type StdioTarget = number | 'inherit' | 'ignore';

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

// Stage 0 exits right after its last line (or once killed); until then it is polled this often.
const REAP_QUICK_MS = 1;
const REAP_SLOW_MS = 50;
const REAP_QUICK_TRIES = 50;

/**
 * One run of berth-init: starts it, sends the plan, then reads the helper's progress lines and answers
 * its questions (cgroups applied, hook state). A line "error ..." becomes a ContainerSetupError.
 * The helper is started by the runtime addon (posix_spawn on a thread), not child_process, and
 * reaped here.
 */
export class HelperSession {
  private readonly job: SpawnJob;
  /** The helper process once asked for; reaped: true once its status is collected. */
  private helper: { pid: number; pidfd: number; reaped: boolean } | undefined;
  private readonly control: ControlChannel;
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;
  private reaping = false;

  constructor(options: HelperOptions) {
    const preserve = options.preserveFds ?? 0;
    const fds = (options.stdio ?? ['inherit', 'inherit', 'inherit']).map((target, fd) =>
      target === 'inherit' ? fd : target === 'ignore' ? -1 : target,
    );
    for (let fd = 3; fd < 3 + preserve; fd++) fds.push(fd);
    const file = helperPath();
    let started: ReturnType<ReturnType<typeof runtimeAddon>['spawnHelper']>;
    try {
      started = runtimeAddon().spawnHelper(file, [String(fds.length)], fds);
    } catch (error) {
      throw new ContainerSetupError(`start init helper: ${(error as Error).message}`, { cause: error });
    }
    this.job = started.job;
    this.control = new ControlChannel(
      started.control,
      (line) => this.onLine(line),
      () => this.onEnd(),
    );
    if (options.plan) this.sendPlan(options.plan);
  }

  /** The plan, once (when the constructor was not given it). */
  sendPlan(plan: Buffer): void {
    this.control.write(plan);
  }

  /** Waits for the next line, which must start with `word`; errors and EOF throw. */
  async expect(word: string): Promise<string> {
    const event = await this.next();
    if (event === undefined) {
      this.started(); // throws why the helper could not be started, if it was not
      throw new ContainerSetupError(`init helper exited before reporting "${word}"`);
    }
    if (event.word === 'error') throw helperFailure(event.rest);
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

  /** Stops listening; the helper's stage 0 exits on its own (or already has) and is reaped. */
  close(): void {
    this.control.close();
    this.reap();
  }

  kill(): void {
    const helper = this.startedOrNone();
    if (helper && !helper.reaped) runtimeAddon().killHelper(helper.pid, helper.pidfd);
    this.close();
  }

  /** The helper process (waiting for the addon's spawn to finish); throws if it could not start. */
  private started(): { pid: number; pidfd: number; reaped: boolean } {
    if (!this.helper) {
      try {
        this.helper = { ...runtimeAddon().helperPid(this.job), reaped: false };
      } catch (error) {
        throw new ContainerSetupError(`start init helper: ${(error as Error).message}`, { cause: error });
      }
    }
    return this.helper;
  }

  private startedOrNone(): { pid: number; pidfd: number; reaped: boolean } | undefined {
    try {
      return this.started();
    } catch {
      return undefined;
    }
  }

  /** Collects stage 0's exit status so no zombie stays behind in a long-lived caller. */
  private reap(tries = 0): void {
    const helper = this.startedOrNone();
    if (!helper || helper.reaped || (this.reaping && tries === 0)) return;
    this.reaping = true;
    if (runtimeAddon().reapHelper(helper.pid, helper.pidfd) === null) {
      const delay = tries < REAP_QUICK_TRIES ? REAP_QUICK_MS : REAP_SLOW_MS;
      // Unref'd: a CLI that is done exits without waiting for its helper's last moments.
      setTimeout(() => this.reap(tries + 1), delay).unref();
      return;
    }
    if (helper.pidfd >= 0) closeSync(helper.pidfd);
    helper.reaped = true;
  }

  private onLine(line: string): void {
    this.lines.push(line);
    this.wake();
  }

  private onEnd(): void {
    this.ended = true;
    this.wake();
    this.reap();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
