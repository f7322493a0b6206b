// Errors raised by the cgroup manager. Each carries a stable `code` (the gRPC-style status name the
// rest of Berth maps errors by) and, where bad input caused it, the config.json field it came from.

export type CgroupErrorCode = 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION' | 'NOT_FOUND' | 'INTERNAL';

export abstract class CgroupError extends Error {
  abstract readonly code: CgroupErrorCode;
  /** The runtime-spec field path that caused the error, e.g. `linux.resources.memory.limit`. */
  readonly field: string | undefined;

  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.field = field;
  }
}

/** A resource value or cgroupsPath that can never be valid. */
export class CgroupInvalidArgumentError extends CgroupError {
  readonly code = 'INVALID_ARGUMENT' as const;
}

/** A valid request that this host cannot honour (missing controller, v1-only knob on v2, no systemd). */
export class CgroupUnsupportedError extends CgroupError {
  readonly code = 'FAILED_PRECONDITION' as const;
}

/** The cgroup (or a controller's directory) is gone. */
export class CgroupNotFoundError extends CgroupError {
  readonly code = 'NOT_FOUND' as const;
}

/** The kernel refused a write or read we expected to work. */
export class CgroupIoError extends CgroupError {
  readonly code = 'INTERNAL' as const;
}
