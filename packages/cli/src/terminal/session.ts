import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { CliIo } from '../commands/command';

/** What attach and exec streams both send after their start message. */
export type SessionInput =
  | { $case: 'stdin'; stdin: Buffer }
  | { $case: 'resize'; resize: { width: number; height: number } }
  | { $case: 'closeStdin'; closeStdin: boolean };

/** What attach and exec streams both answer (exec adds `started` first). */
export type SessionOutput =
  | { $case: 'chunk'; chunk: { stream: number; data: Buffer } }
  | { $case: 'detached'; detached: boolean }
  | { $case: 'exit'; exit: { exitCode: number } }
  | { $case: 'started'; started: { execId: string; pid: number } };

export interface SessionOptions {
  io: CliIo;
  /** Forward stdin to the process. */
  stdin: boolean;
  /** The process has a terminal: put ours in raw mode and forward resizes. */
  tty: boolean;
  /** Wraps a stream failure into the CLI's error. */
  mapError(err: unknown): unknown;
  /** Called once the stream is open (e.g. to start the container after attaching). */
  onOpen?: () => Promise<void>;
}

export interface SessionResult {
  /** The process's exit code; undefined when detached or the stream ended without one. */
  exitCode?: number;
  detached: boolean;
}

const STDERR = 2;

/** The terminal size of our stdout, as the engine's TerminalSize. */
export function terminalSize(io: CliIo): { width: number; height: number } | undefined {
  const { columns, rows } = io.stdout;
  return io.stdout.isTTY && columns && rows ? { width: columns, height: rows } : undefined;
}

/**
 * Pumps an attach or exec stream: stdin in (raw mode on a terminal, so Ctrl-C and the detach
 * keys reach the engine), output out, window resizes (SIGWINCH, surfaced by Node as the
 * stdout 'resize' event) forwarded. The engine recognises the detach keys and answers
 * `detached`. Resolves with the exit code; the terminal is restored however it ends.
 */
export function runSession<Req, Res extends { output?: SessionOutput | undefined }>(
  stream: ClientDuplexStream<Req, Res>,
  wrap: (input: SessionInput) => Req,
  options: SessionOptions,
): Promise<SessionResult> {
  const { io } = options;
  const raw =
    options.tty && options.stdin && io.stdin.isTTY === true && typeof io.stdin.setRawMode === 'function';
  const cleanups: Array<() => void> = [];

  return new Promise<SessionResult>((resolve, reject) => {
    let result: SessionResult = { detached: false };
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      cleanups.reverse().forEach((cleanup) => cleanup());
      if (error) reject(options.mapError(error));
      else resolve(result);
    };

    stream.on('data', (message: Res) => {
      const output = message.output;
      if (!output) return;
      if (output.$case === 'chunk') {
        (output.chunk.stream === STDERR && !options.tty ? io.stderr : io.stdout).write(output.chunk.data);
      } else if (output.$case === 'exit') {
        result = { exitCode: output.exit.exitCode, detached: false };
      } else if (output.$case === 'detached') {
        result = { detached: true };
      }
    });
    stream.on('error', (err) => finish(err));
    stream.on('end', () => finish());

    if (raw) {
      io.stdin.setRawMode?.(true);
      cleanups.push(() => io.stdin.setRawMode?.(false));
    }
    if (options.tty && io.stdout.isTTY) {
      const onResize = () => {
        const size = terminalSize(io);
        if (size) stream.write(wrap({ $case: 'resize', resize: size }));
      };
      io.stdout.on('resize', onResize);
      cleanups.push(() => io.stdout.removeListener('resize', onResize));
    }
    if (options.stdin) {
      const onData = (data: Buffer | string) =>
        stream.write(wrap({ $case: 'stdin', stdin: typeof data === 'string' ? Buffer.from(data) : data }));
      const onEnd = () => stream.write(wrap({ $case: 'closeStdin', closeStdin: true }));
      io.stdin.on('data', onData);
      io.stdin.once('end', onEnd);
      io.stdin.resume();
      cleanups.push(() => {
        io.stdin.removeListener('data', onData);
        io.stdin.removeListener('end', onEnd);
        io.stdin.pause();
      });
    }
    cleanups.push(() => stream.end());

    options.onOpen?.().catch((err: unknown) => {
      stream.cancel();
      finish(err);
    });
  });
}
