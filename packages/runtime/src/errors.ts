/**
 * Errors of @berth/runtime. `code` follows the Berth convention (kit maps it to a gRPC status
 * by duck-typing); `reason` is a stable machine string callers may switch on.
 */
export type RuntimeErrorCode =
  'InvalidArgument' | 'NotFound' | 'AlreadyExists' | 'FailedPrecondition' | 'Internal' | 'Unavailable';

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly reason: string;

  constructor(code: RuntimeErrorCode, reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.reason = reason;
  }
}

/** config.json, a flag or an argument is wrong; the message names the field. */
export class InvalidConfigError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('InvalidArgument', 'INVALID_CONFIG', message, options);
  }
}

export class ContainerNotFoundError extends RuntimeError {
  constructor(readonly id: string) {
    super('NotFound', 'CONTAINER_NOT_FOUND', `container ${id} does not exist`);
  }
}

export class ContainerExistsError extends RuntimeError {
  constructor(readonly id: string) {
    super('AlreadyExists', 'CONTAINER_EXISTS', `container with id ${id} already exists`);
  }
}

/** The container is in the wrong state for the operation (e.g. start of a running container). */
export class InvalidStateError extends RuntimeError {
  constructor(message: string) {
    super('FailedPrecondition', 'INVALID_STATE', message);
  }
}

/** The init helper reported a failure while setting up the container or process. */
export class ContainerSetupError extends RuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('Internal', 'SETUP_FAILED', message, options);
  }
}

/**
 * The process's executable is missing or cannot be run, worded as runc words it
 * (`exec: "x": executable file not found in $PATH`). A fault of the request, not of the runtime:
 * engines turn it into docker's 127 / 126.
 */
export class ProcessExecError extends RuntimeError {
  constructor(message: string) {
    super(
      'FailedPrecondition',
      /not found|no such file/.test(message) ? 'EXECUTABLE_NOT_FOUND' : 'NOT_EXECUTABLE',
      message,
    );
  }
}

/** The error for a failure line of the init helper. */
export function helperFailure(message: string): RuntimeError {
  return message.startsWith('exec: "') ? new ProcessExecError(message) : new ContainerSetupError(message);
}

/** A hook failed or timed out. */
export class HookFailedError extends RuntimeError {
  constructor(message: string) {
    super('Internal', 'HOOK_FAILED', message);
  }
}

/** The init helper binary is missing (npm install did not build it). */
export class HelperMissingError extends RuntimeError {
  constructor(path: string) {
    super(
      'Unavailable',
      'HELPER_MISSING',
      `init helper ${path} is missing: run npm install in packages/runtime`,
    );
  }
}
