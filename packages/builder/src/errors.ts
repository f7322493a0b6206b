// Error classes of the builder. They extend kit's BerthError: `code` picks the gRPC status the
// engine answers with (InvalidArgument for bad input, FailedPrecondition for failed steps...),
// `reason` is the builder's stable machine-readable cause, `message` one line for people.

import type { ErrorCode } from '@berth/kit';
// The classes alone: the CLI bundles this file (via the client entry) and not the rest of kit.
import { BerthError } from '@berth/kit/error-classes';

export type BuilderReason =
  | 'DOCKERFILE_SYNTAX'
  | 'DOCKERFILE_INVALID'
  | 'CONTEXT_PATH_ESCAPES'
  | 'CONTEXT_PATH_NOT_FOUND'
  | 'CONTEXT_MANIFEST_INVALID'
  | 'IGNORE_PATTERN_INVALID'
  | 'UNKNOWN_STAGE'
  | 'BUILD_STEP_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'FETCH_FAILED'
  | 'USER_NOT_FOUND'
  | 'INVALID_BUILD_OPTION';

const CODE_OF: Record<BuilderReason, ErrorCode> = {
  DOCKERFILE_SYNTAX: 'InvalidArgument',
  DOCKERFILE_INVALID: 'InvalidArgument',
  CONTEXT_PATH_ESCAPES: 'InvalidArgument',
  CONTEXT_PATH_NOT_FOUND: 'NotFound',
  CONTEXT_MANIFEST_INVALID: 'InvalidArgument',
  IGNORE_PATTERN_INVALID: 'InvalidArgument',
  UNKNOWN_STAGE: 'InvalidArgument',
  BUILD_STEP_FAILED: 'FailedPrecondition',
  CHECKSUM_MISMATCH: 'FailedPrecondition',
  FETCH_FAILED: 'Unavailable',
  USER_NOT_FOUND: 'FailedPrecondition',
  INVALID_BUILD_OPTION: 'InvalidArgument',
};

export class BuilderError extends BerthError {
  declare readonly reason: BuilderReason;

  /** `code` is for a reason that is not the builder's own (a backend's error given a line). */
  constructor(reason: BuilderReason, message: string, cause?: unknown, code?: ErrorCode) {
    super(CODE_OF[reason] ?? code ?? 'Internal', message, { reason, cause });
  }
}

/** A Dockerfile that cannot be parsed or planned; the message starts `<file>:<line>: `. */
export class DockerfileError extends BuilderError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
    reason: BuilderReason = 'DOCKERFILE_SYNTAX',
    code?: ErrorCode,
  ) {
    super(reason, line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`, undefined, code);
  }
}

/** A source path that is missing from, or points outside of, the build context. */
export class ContextPathError extends BuilderError {
  constructor(
    reason: 'CONTEXT_PATH_ESCAPES' | 'CONTEXT_PATH_NOT_FOUND' | 'CONTEXT_MANIFEST_INVALID',
    readonly path: string,
    detail: string,
  ) {
    super(reason, `${path}: ${detail}`);
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
      `${step}: process ${JSON.stringify(command)} did not complete successfully: exit code: ${exitCode}`,
    );
  }
}

/** A build option (flag) that cannot be honoured. */
export class InvalidBuildOptionError extends BuilderError {
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super('INVALID_BUILD_OPTION', `${option}: ${detail}`);
  }
}
