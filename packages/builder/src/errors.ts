// Error classes of the builder, each with a stable code so the engine can map them to gRPC
// statuses (InvalidArgument for bad input, FailedPrecondition for failed steps) and the CLI can
// print one clear line.

export type BuilderErrorCode =
  | 'DOCKERFILE_SYNTAX'
  | 'DOCKERFILE_INVALID'
  | 'CONTEXT_PATH_ESCAPES'
  | 'CONTEXT_PATH_NOT_FOUND'
  | 'IGNORE_PATTERN_INVALID'
  | 'UNKNOWN_STAGE'
  | 'BUILD_STEP_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'FETCH_FAILED'
  | 'INVALID_BUILD_OPTION';

export class BuilderError extends Error {
  constructor(
    readonly code: BuilderErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A Dockerfile that cannot be parsed or planned; the message starts `<file>:<line>: `. */
export class DockerfileError extends BuilderError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
    code: BuilderErrorCode = 'DOCKERFILE_SYNTAX',
  ) {
    super(code, line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
  }
}

/** A source path that is missing from, or points outside of, the build context. */
export class ContextPathError extends BuilderError {
  constructor(
    code: 'CONTEXT_PATH_ESCAPES' | 'CONTEXT_PATH_NOT_FOUND',
    readonly path: string,
    detail: string,
  ) {
    super(code, `${path}: ${detail}`);
  }
}

export class IgnorePatternError extends BuilderError {
  constructor(
    readonly pattern: string,
    detail: string,
  ) {
    super('IGNORE_PATTERN_INVALID', `.dockerignore: invalid pattern ${JSON.stringify(pattern)}: ${detail}`);
  }
}

/** A RUN step exited non-zero: names the step, its command and the exit code like docker does. */
export class BuildStepError extends BuilderError {
  constructor(
    readonly step: string,
    readonly command: string,
    readonly exitCode: number,
  ) {
    super(
      'BUILD_STEP_FAILED',
      `${step}: ${JSON.stringify(command)} did not complete successfully: exit code: ${exitCode}`,
    );
  }
}

export class InvalidBuildOptionError extends BuilderError {
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super('INVALID_BUILD_OPTION', `${option}: ${detail}`);
  }
}
