import type { task } from '@berth/api';
import type { StdioTarget } from '@berth/runtime';
import { setWinsize } from '@berth/sys';
import { ReadStream } from 'node:tty';
import type { Writable } from 'node:stream';
import { InvalidRequestError } from '../errors';
import type { JsonFileLog } from '../log/json-file-log';
import { openOutputSink, openStdinSource } from '../stdio/caller-streams';
import { copyOutput, copyStdin } from '../stdio/copy';
import { openLog } from '../stdio/open-log';
import type { ProcessIo } from '../stdio/process-io';
import { ConsoleSocket } from './console-socket';

// What a terminal reads as end-of-file (VEOF, ^D) when stdin is closed.
const END_OF_TRANSMISSION = Buffer.from([4]);

/**
 * stdio over a terminal: the runtime sends the pty master over the console socket; the shim
 * copies the caller's stdin fifo into it and its output to the caller's stdout and the log
 * (as "stdout": a terminal has one output stream). ResizePty sets the master's window size.
 */
export class TerminalIo implements ProcessIo {
  readonly containerStdio: [StdioTarget, StdioTarget, StdioTarget] = ['ignore', 'ignore', 'ignore'];
  readonly drained: Promise<void>;
  private readonly console: ConsoleSocket;
  private master: ReadStream | undefined;
  private masterFd = -1;
  private stopStdin: (() => void) | undefined;
  private sink: Writable | undefined;
  private readonly log: JsonFileLog | undefined;
  private resolveDrained!: () => void;
  private readonly received: Promise<void>;

  constructor(
    private readonly stdio: task.v1.Stdio,
    dir: string,
  ) {
    this.log = openLog(stdio);
    this.console = ConsoleSocket.listen(dir);
    this.drained = new Promise((resolve) => (this.resolveDrained = resolve));
    this.received = this.console.receive().then(
      (fd) => this.attach(fd),
      () => this.resolveDrained(),
    );
  }

  /** Where the runtime connects to send the master. */
  get consoleSocket(): string {
    return this.console.path;
  }

  /** Resolves once the master arrived (the runtime sends it before create returns). */
  ready(): Promise<void> {
    return this.received;
  }

  handedOver(): void {
    this.console.close();
  }

  closeStdin(): void {
    if (this.stopStdin) this.stopStdin();
    else this.master?.write(END_OF_TRANSMISSION);
  }

  resize(width: number, height: number): void {
    if (!width || !height) throw new InvalidRequestError('width', 'width and height must be positive');
    if (this.masterFd < 0) throw new InvalidRequestError('exec_id', 'the terminal is not open yet');
    setWinsize(this.masterFd, height, width);
  }

  close(): void {
    this.console.close();
    this.stopStdin?.();
    this.master?.destroy();
    this.sink?.destroy();
    this.log?.close();
    this.resolveDrained();
  }

  private attach(fd: number): void {
    this.masterFd = fd;
    const master = new ReadStream(fd);
    this.master = master;
    this.sink = this.stdio.stdout ? openOutputSink(this.stdio.stdout, 'stdio.stdout') : undefined;
    // EIO once the last slave fd closes is how a pty says the process side is gone.
    void copyOutput(master, 'stdout', this.sink, this.log).then(() => {
      this.sink?.end();
      this.resolveDrained();
    });
    if (this.stdio.stdin) {
      const source = openStdinSource(this.stdio.stdin, 'stdio.stdin');
      this.stopStdin = copyStdin(source, master, () => master.write(END_OF_TRANSMISSION));
    }
  }
}
