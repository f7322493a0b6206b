import { Metadata, status as GrpcStatus, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { safeJsonStringify } from '../json-safe';
import { BerthError, errorClassFor, type ErrorDetails } from './classes';
import { errorCodeOf, errorCodeOfErrno, grpcStatusOf, isErrorCode, type ErrorCode } from './codes';

/** Trailing metadata keys that carry what a gRPC status cannot. */
export const ERROR_CODE_KEY = 'berth-error-code';
export const ERROR_REASON_KEY = 'berth-error-reason';
export const ERROR_DETAILS_KEY = 'berth-error-details-bin';

export interface StatusOptions {
  /** Shown in the message of an unexpected error instead of its own, so the log can be searched. */
  requestId?: string;
}

interface ClassifiedError {
  code: ErrorCode;
  message: string;
  reason?: string;
  details?: ErrorDetails;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A grpc-js error as received by a client (numeric code, plus details and metadata). */
export function isServiceError(err: unknown): err is Partial<StatusObject> & { code: GrpcStatus } {
  return (
    isRecord(err) &&
    typeof err.code === 'number' &&
    err.code in GrpcStatus &&
    (typeof err.details === 'string' || err.metadata instanceof Metadata)
  );
}

// Duck-typed on `code` so errors of packages that cannot import kit map the same way.
function classify(err: unknown, options: StatusOptions): ClassifiedError {
  if (isServiceError(err)) return classify(fromServiceError(err), options);
  if (isRecord(err) && isErrorCode(err.code) && typeof err.message === 'string') {
    const classified: ClassifiedError = { code: err.code, message: err.message };
    if (typeof err.reason === 'string') classified.reason = err.reason;
    if (isRecord(err.details)) classified.details = err.details;
    return classified;
  }
  const errnoCode = isRecord(err) ? errorCodeOfErrno(err.code) : undefined;
  if (errnoCode && err instanceof Error) return { code: errnoCode, message: err.message };
  // Anything else is a bug: its message may hold internals, so callers get a pointer to the log.
  const where = options.requestId ? ` (request ${options.requestId}; see the daemon log)` : '';
  return { code: 'Internal', message: `internal error${where}` };
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** The gRPC status for any thrown value, with reason and details in trailing metadata. */
export function toGrpcStatus(err: unknown, options: StatusOptions = {}): StatusObject {
  const classified = classify(err, options);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, classified.code);
  if (classified.reason && PRINTABLE_ASCII.test(classified.reason)) {
    metadata.set(ERROR_REASON_KEY, classified.reason);
  }
  if (classified.details) {
    metadata.set(ERROR_DETAILS_KEY, Buffer.from(safeJsonStringify(classified.details)));
  }
  return { code: grpcStatusOf(classified.code), details: classified.message, metadata };
}

/** toGrpcStatus as an Error object, the shape grpc-js handlers pass to callbacks and streams. */
export function toServiceError(err: unknown, options: StatusOptions = {}): ServiceError {
  const grpcStatus = toGrpcStatus(err, options);
  return Object.assign(new Error(grpcStatus.details), grpcStatus);
}

function firstString(metadata: Metadata | undefined, key: string): string | undefined {
  const value = metadata?.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

function detailsFrom(metadata: Metadata | undefined): ErrorDetails | undefined {
  const value = metadata?.get(ERROR_DETAILS_KEY)[0];
  if (!Buffer.isBuffer(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined; // a peer sent garbage: the status and message still stand
  }
}

/**
 * Rebuilds the BerthError a server sent: same class (by code), message, reason and details.
 * Errors from non-Berth servers get the class matching their gRPC status.
 */
export function fromServiceError(
  err: Partial<StatusObject> & { code: GrpcStatus; message?: string },
): BerthError {
  const sentCode = firstString(err.metadata, ERROR_CODE_KEY);
  const code = isErrorCode(sentCode) ? sentCode : errorCodeOf(err.code);
  const message = err.details || err.message || `${GrpcStatus[err.code] ?? 'UNKNOWN'} from server`;
  const reason = firstString(err.metadata, ERROR_REASON_KEY);
  const details = detailsFrom(err.metadata);
  return new (errorClassFor(code))(message, {
    ...(reason === undefined ? {} : { reason }),
    ...(details === undefined ? {} : { details }),
  });
}
