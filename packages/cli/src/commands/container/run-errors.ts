import { CliError, CommandNotExecutableError, CommandNotFoundError, EngineError } from '../../errors';
import { EXIT_ENGINE_ERROR } from '../../exit-codes';

/**
 * 127 when the container's command was not found, 126 when it could not be executed: the engine
 * words these as the runtime does ("exec: \"foo\": executable file not found in $PATH").
 * Other errors come back unchanged.
 */
export function asCommandError(err: unknown): unknown {
  if (!(err instanceof EngineError)) return err;
  if (/executable file not found|no such file or directory/i.test(err.message))
    return new CommandNotFoundError(err.message);
  if (/permission denied|exec format error|is a directory/i.test(err.message))
    return new CommandNotExecutableError(err.message);
  return err;
}

/** docker's run exit codes: 126/127 as asCommandError, 125 for any other failure of berth or the engine. */
export function asRunError(err: unknown): unknown {
  const mapped = asCommandError(err);
  if (!(mapped instanceof CliError) || mapped !== err || mapped.exitCode === EXIT_ENGINE_ERROR) return mapped;
  return new EngineError(
    mapped.message,
    mapped instanceof EngineError ? mapped.status : 'UNKNOWN',
    mapped.code,
    EXIT_ENGINE_ERROR,
  );
}
