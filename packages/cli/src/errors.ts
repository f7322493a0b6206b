import { EXIT_CANNOT_INVOKE, EXIT_ENGINE_ERROR, EXIT_FAILURE, EXIT_NOT_FOUND } from './exit-codes';

/** Stable codes of the CLI's own errors; engine errors carry the gRPC status name instead. */
export type CliErrorCode =
  | 'Usage'
  | 'InvalidArgument'
  | 'EngineUnavailable'
  | 'Engine'
  | 'CommandNotFound'
  | 'CommandNotExecutable'
  | 'Partial';

/** Base of the CLI's errors: a stable `code` and the process exit code it leads to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: CliErrorCode,
    readonly exitCode: number = EXIT_ENGINE_ERROR,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong command line: unknown flag, missing argument, value that does not parse. */
export class UsageError extends CliError {
  constructor(
    message: string,
    /** The command whose usage line to print after the error ("run", "network create"). */
    readonly command = '',
  ) {
    super(message, 'Usage');
  }
}

/** A flag value that is well-formed for the parser but wrong for its meaning (`-p 99999`). */
export class InvalidArgumentError extends CliError {
  constructor(message: string) {
    super(message, 'InvalidArgument');
  }
}

/**
 * The engine answered with an error status; `status` is grpc-js's name for it ("NOT_FOUND").
 * Like docker, most commands then exit 1; `run` exits 125 (see asRunError).
 */
export class EngineError extends CliError {
  constructor(
    message: string,
    readonly status: string,
    code: CliErrorCode = 'Engine',
    exitCode = EXIT_FAILURE,
  ) {
    super(message, code, exitCode);
  }
}

/** The container's command does not exist (docker's exit 127). */
export class CommandNotFoundError extends CliError {
  constructor(message: string) {
    super(message, 'CommandNotFound', EXIT_NOT_FOUND);
  }
}

/** The container's command exists but cannot be run (docker's exit 126). */
export class CommandNotExecutableError extends CliError {
  constructor(message: string) {
    super(message, 'CommandNotExecutable', EXIT_CANNOT_INVOKE);
  }
}

/**
 * Some targets of a multi-target command (`rm a b c`) failed: their errors were printed as
 * they happened, so only the exit code is left to report.
 */
export class PartialFailureError extends CliError {
  constructor(readonly failed: number) {
    super(`${failed} operation(s) failed`, 'Partial', EXIT_FAILURE);
  }
}

/** One line `berth: <what failed>: <why>`; the stack only with --debug. */
export function formatCliError(what: string, err: unknown, debug = false): string {
  // Duck-typed: errors from another realm (Node internals under a test VM) fail instanceof.
  const message =
    typeof err === 'object' && err !== null && typeof (err as Error).message === 'string'
      ? (err as Error).message
      : String(err);
  const why = message.replace(/\s*\n\s*/g, '; ').trim() || 'unknown error';
  const line = what ? `berth: ${what}: ${why}` : `berth: ${why}`;
  const stack = typeof err === 'object' && err !== null ? (err as Error).stack : undefined;
  if (debug && stack) return `${line}\n${stack}`;
  return line;
}
