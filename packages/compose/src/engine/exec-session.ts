// One exec session over the engine's bidirectional ExecContainer stream: start the process,
// copy its output (and stdin, and a terminal's size), resolve with its exit code.
import { engine as api } from '@berth/api';
import { engineError } from './calls';
import type { Engine } from './engine';
import { pumpSession, terminalSize, type SessionSinks } from './session-pump';

export type ExecSinks = SessionSinks;

/** Resolves with the exit code, or -1 when started with `detach` (the process keeps running). */
export async function runExec(
  engine: Engine,
  start: Partial<api.v1.ExecStart> & { id: string; cmd: string[] },
  sinks: ExecSinks,
): Promise<number> {
  const operation = `exec in ${start.id}`;
  const size = terminalSize(sinks.terminal);
  const exitCode = await pumpSession(
    operation,
    engine.exec(),
    {
      input: {
        $case: 'start',
        start: api.v1.ExecStart.fromPartial({
          ...start,
          stdin: Boolean(sinks.stdin),
          tty: Boolean(sinks.terminal),
          ...(size ? { size } : {}),
        }),
      },
    },
    (input) => ({ input }),
    sinks,
    { detach: start.detach ?? false },
  );
  if (exitCode === undefined)
    throw engineError(operation, { code: 2, details: 'the stream ended without an exit status' } as never);
  return exitCode;
}
