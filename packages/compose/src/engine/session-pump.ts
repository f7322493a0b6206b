// Drives an exec or attach stream of the engine: output to the caller's sinks, the caller's
// stdin to the process (closed at its end), and with a terminal: our stdin in raw mode (so
// Ctrl-C reaches the process as a byte) and our window size forwarded on every change.
import { engine as api } from '@berth/api';
import type { ClientDuplexStream, ServiceError } from '@grpc/grpc-js';
import { ComposeError } from '../errors';
import { engineError } from './calls';

type Input =
  | { $case: 'stdin'; stdin: Buffer }
  | { $case: 'resize'; resize: api.v1.TerminalSize }
  | { $case: 'closeStdin'; closeStdin: boolean };

type Output =
  | { $case: 'chunk'; chunk: api.v1.OutputChunk }
  | { $case: 'detached'; detached: boolean }
  | { $case: 'exit'; exit: api.v1.ProcessExit }
  | { $case: 'started'; started: api.v1.ExecStarted };

export type TerminalStdin = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
export type TerminalStdout = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

export interface SessionSinks {
  stdout?: (data: Buffer) => void;
  stderr?: (data: Buffer) => void;
  /** Copied to the process's stdin until it ends (then stdin is closed). */
  stdin?: TerminalStdin;
  /** Set when the process has a terminal: the caller's terminal, for raw mode and its size. */
  terminal?: TerminalStdout;
}

/** The size of the caller's terminal, for the start message. */
export function terminalSize(out: TerminalStdout | undefined): api.v1.TerminalSize | undefined {
  return out?.isTTY && out.columns && out.rows ? { width: out.columns, height: out.rows } : undefined;
}

/**
 * Sends `start`, then pumps the stream; resolves with the exit code, -1 when the process was
 * left running (detached), or undefined when the stream ended without either.
 */
export function pumpSession<Req, Res extends { output?: Output | undefined }>(
  operation: string,
  stream: ClientDuplexStream<Req, Res>,
  start: Req,
  wrap: (input: Input) => Req,
  sinks: SessionSinks,
  options: {
    detach?: boolean;
    /** Runs once the engine says the session is open (attach: start the container then). */
    onOpen?: () => Promise<unknown>;
  } = {},
): Promise<number | undefined> {
  const cleanups: Array<() => void> = [];
  const { stdin, terminal } = sinks;
  return new Promise<number | undefined>((resolve, reject) => {
    let exitCode: number | undefined;
    let settled = false;
    const finish = (err?: ServiceError | Error) => {
      if (settled) return;
      settled = true;
      cleanups.reverse().forEach((cleanup) => cleanup());
      if (err) reject(err instanceof ComposeError ? err : engineError(operation, err as ServiceError));
      else resolve(exitCode);
    };
    if (options.onOpen) {
      const onOpen = options.onOpen;
      stream.once('metadata', () =>
        onOpen().catch((err: Error) => {
          finish(err);
          stream.cancel();
        }),
      );
    }
    stream.on('data', (message: Res) => {
      const output = message.output;
      if (output?.$case === 'chunk') {
        const toStderr = output.chunk.stream === api.v1.OutputStream.OUTPUT_STREAM_STDERR && !terminal;
        (toStderr ? sinks.stderr : sinks.stdout)?.(Buffer.from(output.chunk.data));
      } else if (output?.$case === 'exit') exitCode = output.exit.exitCode;
      else if (output?.$case === 'detached' || (output?.$case === 'started' && options.detach)) exitCode = -1;
    });
    stream.on('error', (err: ServiceError) => finish(err));
    stream.on('end', () => finish());
    stream.write(start);

    if (terminal && stdin?.isTTY && typeof stdin.setRawMode === 'function') {
      stdin.setRawMode(true);
      cleanups.push(() => stdin.setRawMode?.(false));
    }
    if (terminal?.isTTY) {
      const onResize = () => {
        const size = terminalSize(terminal);
        if (size && !settled) stream.write(wrap({ $case: 'resize', resize: size }));
      };
      terminal.on('resize', onResize);
      cleanups.push(() => terminal.removeListener('resize', onResize));
    }
    if (!stdin) {
      stream.end();
      return;
    }
    const onData = (chunk: Buffer | string) => {
      if (!settled) stream.write(wrap({ $case: 'stdin', stdin: Buffer.from(chunk) }));
    };
    const onEnd = () => {
      if (settled) return;
      stream.write(wrap({ $case: 'closeStdin', closeStdin: true }));
      stream.end();
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    // The process may exit without reading all of stdin: stop copying then, and let a
    // terminal's stdin go so the command can return.
    cleanups.push(() => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.pause();
    });
  });
}
