import { constants } from 'node:os';

/** Stable error codes, shared in spirit with the other Berth packages and mapped to gRPC statuses. */
export type SysErrorCode =
  | 'InvalidArgument'
  | 'NotFound'
  | 'PermissionDenied'
  | 'AlreadyExists'
  | 'Unavailable'
  | 'ResourceExhausted'
  | 'Unsupported'
  | 'Cancelled'
  | 'Internal';

export interface SysErrorDetails {
  /** errno name such as 'ESRCH'. */
  errno?: string;
  /** errno number as the kernel reported it. */
  errnoNumber?: number;
  /** The system call (or libuv call) that failed. */
  syscall?: string;
  /** The file the call was about (a mount target, a fifo). */
  path?: string;
  cause?: unknown;
}

/** An error from @berth/sys: `code` is for branching on the kind, `errno` for the exact kernel reason. */
export class SysError extends Error {
  readonly code: SysErrorCode;
  readonly errno: string | undefined;
  readonly errnoNumber: number | undefined;
  readonly syscall: string | undefined;
  readonly path: string | undefined;

  constructor(code: SysErrorCode, message: string, details: SysErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SysError';
    this.code = code;
    this.errno = details.errno;
    this.errnoNumber = details.errnoNumber;
    this.syscall = details.syscall;
    this.path = details.path;
  }

  /**
   * The error for a failed system call; `reason` is the C library's text for the errno. With
   * `path`, the message names it: "mount overlay on /x failed: ...", where `what` is
   * "mount overlay on" (default: the syscall).
   */
  static fromErrno(
    errnoNumber: number,
    syscall: string,
    reason?: string,
    about?: { path: string; what?: string },
  ): SysError {
    const errno = errnoName(errnoNumber);
    const text = reason ? `${errno}: ${reason}` : errno;
    const subject = about ? `${about.what ?? syscall} ${about.path}` : syscall;
    return new SysError(codeForErrno(errno), `${subject} failed: ${text}`, {
      errno,
      errnoNumber,
      syscall,
      path: about?.path,
    });
  }
}

const ERRNO_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(constants.errno).map(([name, value]) => [value, name] as const),
);

/** 'ESRCH' for 3; 'E<n>' for numbers Node does not name. */
export function errnoName(errnoNumber: number): string {
  return ERRNO_NAMES.get(errnoNumber) ?? `E${errnoNumber}`;
}

const CODE_BY_ERRNO: Readonly<Record<string, SysErrorCode>> = {
  EINVAL: 'InvalidArgument',
  ENOTDIR: 'InvalidArgument',
  ENOTBLK: 'InvalidArgument',
  ENODEV: 'Unsupported',
  EBADF: 'InvalidArgument',
  ENOTSOCK: 'InvalidArgument',
  ENOTTY: 'InvalidArgument',
  ENAMETOOLONG: 'InvalidArgument',
  EISCONN: 'InvalidArgument',
  ENOTCONN: 'InvalidArgument',
  ENOENT: 'NotFound',
  ESRCH: 'NotFound',
  ECHILD: 'NotFound',
  EPERM: 'PermissionDenied',
  EACCES: 'PermissionDenied',
  EEXIST: 'AlreadyExists',
  EADDRINUSE: 'AlreadyExists',
  ECONNREFUSED: 'Unavailable',
  ECONNRESET: 'Unavailable',
  EPIPE: 'Unavailable',
  EAGAIN: 'Unavailable',
  EMFILE: 'ResourceExhausted',
  ENFILE: 'ResourceExhausted',
  ENOMEM: 'ResourceExhausted',
  ENOSPC: 'ResourceExhausted',
  ENOBUFS: 'ResourceExhausted',
  ENOSYS: 'Unsupported',
  EOPNOTSUPP: 'Unsupported',
  EAFNOSUPPORT: 'Unsupported',
};

export function codeForErrno(errno: string): SysErrorCode {
  return CODE_BY_ERRNO[errno] ?? 'Internal';
}
