// Errors raised by the cgroup manager, in the runtime's convention (RuntimeError: a `code` kit maps
// to a gRPC status, a stable `reason`). Where bad input caused one, `field` names the config.json
// field it came from, and the message starts with it.
import { RuntimeError, type RuntimeErrorCode } from '../errors';

export abstract class CgroupError extends RuntimeError {
  /** The runtime-spec field path that caused the error, e.g. `linux.resources.memory.limit`. */
  readonly field: string | undefined;

  protected constructor(
    code: RuntimeErrorCode,
    reason: string,
    message: string,
    field: string | undefined,
    options: { cause?: unknown } | undefined,
  ) {
    super(code, reason, message, options);
    this.field = field;
  }
}

/** A resource value or cgroupsPath that can never be valid. */
export class CgroupInvalidArgumentError extends CgroupError {
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super('InvalidArgument', 'CGROUP_INVALID_VALUE', message, field, options);
  }
}

/** A valid request that this host cannot honour (missing controller, v1-only knob on v2, no systemd). */
export class CgroupUnsupportedError extends CgroupError {
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super('FailedPrecondition', 'CGROUP_UNSUPPORTED', message, field, options);
  }
}

/** The cgroup (or a controller's directory) is gone. */
export class CgroupNotFoundError extends CgroupError {
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super('NotFound', 'CGROUP_NOT_FOUND', message, field, options);
  }
}

/** The kernel refused a write or read we expected to work. */
export class CgroupIoError extends CgroupError {
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super('Internal', 'CGROUP_IO', message, field, options);
  }
}
