import type { ErrorCode } from './codes';

/** Free-form, JSON-serialisable facts about an error (ids, paths, limits) for machines. */
export type ErrorDetails = Record<string, unknown>;

export interface BerthErrorOptions {
  /** Stable machine-readable reason in UPPER_SNAKE_CASE, e.g. 'CONTAINER_NOT_FOUND'. */
  reason?: string;
  details?: ErrorDetails;
  cause?: unknown;
}

/**
 * Base of Berth's errors. `code` says how a caller should react (and picks the gRPC status);
 * `reason` says precisely what happened, for programs; `message` is for people.
 */
export class BerthError extends Error {
  readonly code: ErrorCode;
  readonly reason?: string;
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: BerthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.reason !== undefined) this.reason = options.reason;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** Constructor shape shared by the subclasses below, each bound to one code. */
export type BerthErrorClass = new (message: string, options?: BerthErrorOptions) => BerthError;

function classFor(code: ErrorCode) {
  return class extends BerthError {
    constructor(message: string, options?: BerthErrorOptions) {
      super(code, message, options);
    }
  };
}

// Named subclasses so `instanceof NotFoundError` works and stack traces name the kind.
export class CancelledError extends classFor('Cancelled') {}
export class InvalidArgumentError extends classFor('InvalidArgument') {}
export class DeadlineExceededError extends classFor('DeadlineExceeded') {}
export class NotFoundError extends classFor('NotFound') {}
export class AlreadyExistsError extends classFor('AlreadyExists') {}
export class PermissionDeniedError extends classFor('PermissionDenied') {}
export class ResourceExhaustedError extends classFor('ResourceExhausted') {}
export class FailedPreconditionError extends classFor('FailedPrecondition') {}
export class AbortedError extends classFor('Aborted') {}
export class OutOfRangeError extends classFor('OutOfRange') {}
export class UnimplementedError extends classFor('Unimplemented') {}
export class InternalError extends classFor('Internal') {}
export class UnavailableError extends classFor('Unavailable') {}
export class DataLossError extends classFor('DataLoss') {}
export class UnauthenticatedError extends classFor('Unauthenticated') {}

const classByCode: Record<ErrorCode, BerthErrorClass> = {
  Cancelled: CancelledError,
  InvalidArgument: InvalidArgumentError,
  DeadlineExceeded: DeadlineExceededError,
  NotFound: NotFoundError,
  AlreadyExists: AlreadyExistsError,
  PermissionDenied: PermissionDeniedError,
  ResourceExhausted: ResourceExhaustedError,
  FailedPrecondition: FailedPreconditionError,
  Aborted: AbortedError,
  OutOfRange: OutOfRangeError,
  Unimplemented: UnimplementedError,
  Internal: InternalError,
  Unavailable: UnavailableError,
  DataLoss: DataLossError,
  Unauthenticated: UnauthenticatedError,
};

/** The subclass for a code, e.g. to rebuild an error that crossed a socket. */
export function errorClassFor(code: ErrorCode): BerthErrorClass {
  return classByCode[code];
}
