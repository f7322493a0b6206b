// Error classes with stable codes. The CLI prints `berth compose: <message>` and exits non-zero;
// `code` lets callers and tests tell failures apart without matching on prose.

export type ComposeErrorCode =
  | 'InvalidComposeFile'
  | 'ComposeFileNotFound'
  | 'MissingVariable'
  | 'InvalidInterpolation'
  | 'InvalidProjectName'
  | 'DependencyCycle'
  | 'UnknownService'
  | 'Usage'
  | 'DependencyFailed'
  | 'ExternalResourceMissing'
  | 'ContainerUnavailable'
  | 'EngineCall';

/** Base of every error this package throws on purpose. */
export class ComposeError extends Error {
  constructor(
    readonly code: ComposeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad content in a compose file: names the file, the key path and, when known, the line. */
export class ComposeFileError extends ComposeError {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    readonly problem: string,
    readonly line?: number,
    code: ComposeErrorCode = 'InvalidComposeFile',
  ) {
    super(code, `${file}: ${keyPath ? `${keyPath}: ` : ''}${problem}${line ? ` (line ${line})` : ''}`);
  }
}

/** Bad command line: unknown flag, missing argument. */
export class UsageError extends ComposeError {
  constructor(message: string) {
    super('Usage', message);
  }
}

/** A service named on the command line or in depends_on that the model does not have. */
export class UnknownServiceError extends ComposeError {
  constructor(readonly service: string) {
    super('UnknownService', `no such service: ${service}`);
  }
}

/** A depends_on condition that can no longer be met (dependency exited, unhealthy). */
export class DependencyFailedError extends ComposeError {
  constructor(message: string) {
    super('DependencyFailed', message);
  }
}

/** An engine call failed: says which call on which object, and the engine's reason. */
export class EngineCallError extends ComposeError {
  constructor(
    readonly operation: string,
    readonly grpcCode: number | undefined,
    reason: string,
  ) {
    super('EngineCall', `${operation}: ${reason}`);
  }
}
