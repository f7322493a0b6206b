import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * Stable error codes, one per gRPC status (except OK, and UNKNOWN which reads as Internal).
 * Packages that cannot import kit (e.g. @berth/oci) put the same strings in their own errors'
 * `code` property; the gRPC mapping duck-types on it.
 */
export const ERROR_CODES = [
  'Cancelled',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const codeToStatus: Record<ErrorCode, GrpcStatus> = {
  Cancelled: GrpcStatus.CANCELLED,
  InvalidArgument: GrpcStatus.INVALID_ARGUMENT,
  DeadlineExceeded: GrpcStatus.DEADLINE_EXCEEDED,
  NotFound: GrpcStatus.NOT_FOUND,
  AlreadyExists: GrpcStatus.ALREADY_EXISTS,
  PermissionDenied: GrpcStatus.PERMISSION_DENIED,
  ResourceExhausted: GrpcStatus.RESOURCE_EXHAUSTED,
  FailedPrecondition: GrpcStatus.FAILED_PRECONDITION,
  Aborted: GrpcStatus.ABORTED,
  OutOfRange: GrpcStatus.OUT_OF_RANGE,
  Unimplemented: GrpcStatus.UNIMPLEMENTED,
  Internal: GrpcStatus.INTERNAL,
  Unavailable: GrpcStatus.UNAVAILABLE,
  DataLoss: GrpcStatus.DATA_LOSS,
  Unauthenticated: GrpcStatus.UNAUTHENTICATED,
};

const statusToCode = new Map<GrpcStatus, ErrorCode>(
  Object.entries(codeToStatus).map(([code, grpcStatus]) => [grpcStatus, code as ErrorCode]),
);

// Node's system errors carry errno names in `code` (and AbortError ABORT_ERR); the common ones have an obvious meaning
// for a caller, so a daemon that lets one escape still answers with a useful status.
const errnoToCode: Record<string, ErrorCode> = {
  ENOENT: 'NotFound',
  EEXIST: 'AlreadyExists',
  EACCES: 'PermissionDenied',
  EPERM: 'PermissionDenied',
  ENOSPC: 'ResourceExhausted',
  EDQUOT: 'ResourceExhausted',
  EMFILE: 'ResourceExhausted',
  ENFILE: 'ResourceExhausted',
  EBUSY: 'FailedPrecondition',
  ENOTEMPTY: 'FailedPrecondition',
  ABORT_ERR: 'Cancelled', // AbortSignal fired
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function grpcStatusOf(code: ErrorCode): GrpcStatus {
  return codeToStatus[code];
}

/** The ErrorCode for a gRPC status; OK and UNKNOWN (not errors Berth sends) read as Internal. */
export function errorCodeOf(grpcStatus: GrpcStatus): ErrorCode {
  return statusToCode.get(grpcStatus) ?? 'Internal';
}

/** The ErrorCode an errno name (ENOENT, ...) stands for, if it is one kit knows. */
export function errorCodeOfErrno(errno: unknown): ErrorCode | undefined {
  return typeof errno === 'string' ? errnoToCode[errno] : undefined;
}
