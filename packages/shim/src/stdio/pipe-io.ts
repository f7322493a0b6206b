import type { task } from '@berth/api';
import type { StdioTarget } from '@berth/runtime';
import { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import { InvalidRequestError } from '../errors';
import { openOutputSink, openStdinSource } from './caller-streams';
import { copyOutput, copyStdin } from './copy';
import {
  closeQuietly,
  closeStdioPipe,
  createStdioPipes,
  type PipeDirection,
  type StdioPipe,
} from './fifo-pipe';
import type { JsonFileLog } from '../log/json-file-log';
import { openLog } from './open-log';
import type { ProcessIo } from './process-io';

/**
 * stdio over pipes: stdin from the caller's fifo, stdout and stderr to the caller's fifos or
 * files and to the json-file log. Streams nobody asked for are /dev/null.
 */
export class PipeIo implements ProcessIo {
  readonly containerStdio: [StdioTarget, StdioTarget, StdioTarget];
  readonly drained: Promise<void>;
  private readonly closers: Array<() => void> = [];
  private stopStdin: (() => void) | undefined;

  private constructor(
    private readonly pipes: Array<StdioPipe | undefined>,
    stdio: task.v1.Stdio,
    private readonly log: JsonFileLog | undefined,
  ) {
    const [stdinPipe, stdoutPipe, stderrPipe] = pipes;
    this.containerStdio = [
      stdinPipe?.containerFd ?? 'ignore',
      stdoutPipe?.containerFd ?? 'ignore',
      stderrPipe?.containerFd ?? 'ignore',
    ];
    const copies: Promise<void>[] = [];
    if (stdinPipe) {
      const source = openStdinSource(stdio.stdin, 'stdio.stdin');
      const target = new Socket({ fd: stdinPipe.shimFd, readable: false, writable: true });
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
      const source: Readable = new Socket({ fd: pipe.shimFd, readable: true, writable: false });
      copies.push(copyOutput(source, stream, sink, log).then(() => void sink?.end()));
      this.closers.push(() => {
        source.destroy();
        sink?.destroy();
      });
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
    const made = await createStdioPipes(
      dir,
      wanted.filter((d): d is PipeDirection => d !== undefined),
    );
    const pipes: Array<StdioPipe | undefined> = [];
    let next = 0;
    for (const direction of wanted) pipes.push(direction ? made[next++] : undefined);
    try {
      return new PipeIo(pipes, stdio, log);
    } catch (error) {
      for (const pipe of made) closeStdioPipe(pipe);
      log?.close();
      throw error;
    }
  }

  handedOver(): void {
    for (const pipe of this.pipes) if (pipe) closeQuietly(pipe.containerFd);
  }

  closeStdin(): void {
    this.stopStdin?.();
  }

  resize(): void {
    throw new InvalidRequestError('exec_id', 'the process has no terminal to resize');
  }

  close(): void {
    this.handedOver();
    for (const close of this.closers) close();
    this.log?.close();
  }
}
