import type { task } from '@berth/api';
import type { StdioTarget } from '@berth/runtime';
import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { InvalidRequestError } from '../errors';
import { openOutputSink, openStdinSource } from './caller-streams';
import { copyOutput, copyStdin } from './copy';
import { createStdioPipes, type PipeDirection, type StdioPipe } from './fifo-pipe';
import type { JsonFileLog } from '../log/json-file-log';
import { openLog } from './open-log';
import type { ProcessIo } from './process-io';

/**
 * stdio over pipes: stdin from the caller's fifo, stdout and stderr to the caller's fifos or
 * files and to the json-file log. Streams nobody asked for are /dev/null.
 *
 * Each raw fd is closed exactly once, by whoever owns it at the time: this object until a
 * Socket takes the shim's end, the Socket after. A second close would hit whatever reused the
 * number meanwhile (in a shim of many containers: another process's pidfd, whose exit then
 * went unnoticed, or another task's log or pipe).
 */
export class PipeIo implements ProcessIo {
  readonly containerStdio: [StdioTarget, StdioTarget, StdioTarget];
  readonly drained: Promise<void>;
  private readonly closers: Array<() => void> = [];
  private readonly rawFds = new Set<number>();
  private stopStdin: (() => void) | undefined;

  private constructor(
    private readonly pipes: Array<StdioPipe | undefined>,
    stdio: task.v1.Stdio,
    private readonly log: JsonFileLog | undefined,
  ) {
    const [stdinPipe, stdoutPipe, stderrPipe] = pipes;
    for (const pipe of pipes) if (pipe) this.rawFds.add(pipe.containerFd).add(pipe.shimFd);
    this.containerStdio = [
      stdinPipe?.containerFd ?? 'ignore',
      stdoutPipe?.containerFd ?? 'ignore',
      stderrPipe?.containerFd ?? 'ignore',
    ];
    const copies: Promise<void>[] = [];
    try {
      if (stdinPipe) {
        const source = openStdinSource(stdio.stdin, 'stdio.stdin');
        this.closers.push(() => source.destroy());
        const target = this.socketOn(stdinPipe.shimFd, 'in');
        this.stopStdin = copyStdin(source, target, () => target.destroy());
        this.closers.push(() => this.stopStdin?.());
      }
      const outputs: Array<[StdioPipe | undefined, string, 'stdout' | 'stderr']> = [
        [stdoutPipe, stdio.stdout, 'stdout'],
        [stderrPipe, stdio.stderr, 'stderr'],
      ];
      for (const [pipe, file, stream] of outputs) {
        if (!pipe) continue;
        const sink: Writable | undefined = file ? openOutputSink(file, `stdio.${stream}`) : undefined;
        if (sink) this.closers.push(() => sink.destroy());
        const source = this.socketOn(pipe.shimFd, 'out');
        copies.push(copyOutput(source, stream, sink, log).then(() => void sink?.end()));
      }
    } catch (error) {
      this.close();
      throw error;
    }
    this.drained = Promise.all(copies).then(() => undefined);
  }

  static async open(stdio: task.v1.Stdio, dir: string): Promise<PipeIo> {
    const log = openLog(stdio);
    const wanted: Array<PipeDirection | undefined> = [
      stdio.stdin ? 'in' : undefined,
      stdio.stdout || log ? 'out' : undefined,
      stdio.stderr || log ? 'out' : undefined,
    ];
    let made: StdioPipe[];
    try {
      made = await createStdioPipes(
        dir,
        wanted.filter((d): d is PipeDirection => d !== undefined),
      );
    } catch (error) {
      log?.close();
      throw error;
    }
    const pipes: Array<StdioPipe | undefined> = [];
    let next = 0;
    for (const direction of wanted) pipes.push(direction ? made[next++] : undefined);
    // On failure the constructor has closed the pipes and the log itself.
    return new PipeIo(pipes, stdio, log);
  }

  handedOver(): void {
    for (const pipe of this.pipes) if (pipe) this.closeRaw(pipe.containerFd);
  }

  closeStdin(): void {
    this.stopStdin?.();
  }

  resize(): void {
    throw new InvalidRequestError('exec_id', 'the process has no terminal to resize');
  }

  close(): void {
    for (const close of this.closers.splice(0)) close();
    for (const fd of [...this.rawFds]) this.closeRaw(fd);
    this.log?.close();
  }

  /** A Socket on the shim's end of a pipe; from now on the Socket closes that fd. */
  private socketOn(fd: number, direction: PipeDirection): Socket {
    const socket =
      direction === 'in'
        ? new Socket({ fd, readable: false, writable: true })
        : new Socket({ fd, readable: true, writable: false });
    this.rawFds.delete(fd);
    this.closers.push(() => socket.destroy());
    return socket;
  }

  private closeRaw(fd: number): void {
    if (this.rawFds.delete(fd)) closeSync(fd);
  }
}
