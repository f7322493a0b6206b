import type { ClientDuplexStream } from '@grpc/grpc-js';
import type { CliIo } from '../commands/command';
import { DetachKeyFilter } from './detach-keys';

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
  /** Called once the engine has attached (its response headers): e.g. to start the container. */
  onOpen?: () => Promise<void>;
  /** The detach sequence (parseDetachKeys); typing it ends the session, the process keeps running. */
  detachKeys?: Buffer;
}

export interface SessionResult {
  /** The process's exit code; undefined when detached or the stream ended without one. */
  exitCode?: number;
  detached: boolean;
}

const STDERR = 2;

const isRaw = (io: CliIo): boolean => (io.stdin as { isRaw?: boolean }).isRaw === true;

/**
 * Puts stdin in raw mode for a session with a terminal; returns the restore function (a no-op
 * when stdin is not a terminal or already raw).
 */
export function enterRawMode(io: CliIo, tty: boolean, stdin: boolean): () => void {
  if (!tty || !stdin || io.stdin.isTTY !== true || typeof io.stdin.setRawMode !== 'function' || isRaw(io)) {
    return () => undefined;
  }
  io.stdin.setRawMode(true);
  return () => io.stdin.setRawMode?.(false);
}

/** The terminal size of our stdout, as the engine's TerminalSize. */
export function terminalSize(io: CliIo): { width: number; height: number } | undefined {
  const { columns, rows } = io.stdout;
  return io.stdout.isTTY && columns && rows ? { width: columns, height: rows } : undefined;
}

/**
 * Pumps an attach or exec stream: stdin in (raw mode on a terminal, so Ctrl-C reaches the
 * process as a byte), output out, window resizes (SIGWINCH, surfaced by Node as the stdout
 * 'resize' event) forwarded. The detach keys are caught here, as docker's escape proxy does,
 * and never reach the process; an engine's own `detached` answer is honoured too. Resolves
 * with the exit code; the terminal is restored however it ends.
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

    // A caller running several sessions in a row (startAttached) keeps the terminal raw across
    // them, so keys typed in between are not cooked by the line discipline.
    if (raw && !isRaw(io)) {
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
      const detachFilter = options.detachKeys?.length ? new DetachKeyFilter(options.detachKeys) : undefined;
      const onData = (data: Buffer | string) => {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        const { forward, detach } = detachFilter
          ? detachFilter.filter(bytes)
          : { forward: bytes, detach: false };
        if (forward.length) stream.write(wrap({ $case: 'stdin', stdin: forward }));
        if (detach) {
          // Cancelling (not closing stdin) leaves the process running, as the engine's own
          // detach does; the cancellation error that follows is ignored once settled.
          result = { detached: true };
          finish();
          stream.cancel();
        }
      };
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

    // The engine sends its headers once it has attached: starting the container any earlier
    // could lose the first output of a short-lived process.
    if (options.onOpen)
      stream.once('metadata', () =>
        options.onOpen!().catch((err: unknown) => {
          stream.cancel();
          finish(err);
        }),
      );
  });
}
