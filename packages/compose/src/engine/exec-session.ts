// One exec session over the engine's bidirectional ExecContainer stream: start the process,
// copy its output, resolve with its exit code.
import { engine as api } from '@berth/api';
import type { ServiceError } from '@grpc/grpc-js';
import { engineError } from './calls';
import type { Engine } from './engine';

export interface ExecSinks {
  stdout?: (data: Buffer) => void;
  stderr?: (data: Buffer) => void;
  /** Copied to the process's stdin until it ends (then stdin is closed). */
  stdin?: NodeJS.ReadableStream;
}

/** Resolves with the exit code, or -1 when started with `detach` (the process keeps running). */
export function runExec(
  engine: Engine,
  start: Partial<api.v1.ExecStart> & { id: string; cmd: string[] },
  sinks: ExecSinks,
): Promise<number> {
  const stream = engine.exec();
  const operation = `exec in ${start.id}`;
  return new Promise((resolve, reject) => {
    let exitCode: number | undefined;
    stream.on('data', (message: api.v1.ExecContainerResponse) => {
      const output = message.output;
      if (output?.$case === 'chunk') {
        const sink =
          output.chunk.stream === api.v1.OutputStream.OUTPUT_STREAM_STDERR ? sinks.stderr : sinks.stdout;
        sink?.(Buffer.from(output.chunk.data));
      } else if (output?.$case === 'exit') {
        exitCode = output.exit.exitCode;
      } else if (output?.$case === 'detached' || (output?.$case === 'started' && start.detach)) {
        exitCode = -1;
      }
    });
    stream.on('error', (err: ServiceError) => reject(engineError(operation, err)));
    stream.on('end', () => {
      if (exitCode === undefined)
        reject(
          engineError(operation, {
            code: 2,
            details: 'the stream ended without an exit status',
          } as ServiceError),
        );
      else resolve(exitCode);
    });
    const input = sinks.stdin;
    stream.write({
      input: { $case: 'start', start: api.v1.ExecStart.fromPartial({ ...start, stdin: Boolean(input) }) },
    });
    if (!input) {
      stream.end();
      return;
    }
    input.on('data', (chunk: Buffer | string) => {
      stream.write({ input: { $case: 'stdin', stdin: Buffer.from(chunk) } });
    });
    input.on('end', () => {
      stream.write({ input: { $case: 'closeStdin', closeStdin: true } });
      stream.end();
    });
    // The process may exit without reading all of stdin: stop copying then.
    stream.on('end', () => input.pause());
  });
}
