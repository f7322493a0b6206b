/**
 * Error classes of @berth/registry-client, following the Berth convention: `code` is one of a
 * fixed set that kit maps to a gRPC status, `reason` a stable machine string (for registry
 * errors, the distribution spec's error code such as MANIFEST_UNKNOWN).
 */
import type { DistributionError } from '@berth/oci';

export type RegistryErrorCode =
  | 'InvalidArgument'
  | 'NotFound'
  | 'AlreadyExists'
  | 'FailedPrecondition'
  | 'Unavailable'
  | 'Internal'
  | 'PermissionDenied'
  | 'Unauthenticated'
  | 'ResourceExhausted'
  | 'DataLoss';

export interface RegistryErrorOptions {
  readonly reason: string;
  readonly cause?: unknown;
}

export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly reason: string;

  constructor(code: RegistryErrorCode, message: string, options: RegistryErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.reason = options.reason;
  }
}

/** What a registry said when it refused a request. */
export interface RegistryResponseInfo {
  /** HTTP status of the response. */
  readonly status: number;
  /** `METHOD url` of the request, for messages. */
  readonly request: string;
  /** The distribution-spec errors of the body; empty when the body was not error JSON. */
  readonly errors: readonly DistributionError[];
}

/** A registry answered with an error status; subclasses say which kind. */
export class RegistryResponseError extends RegistryError {
  readonly status: number;
  readonly request: string;
  readonly errors: readonly DistributionError[];

  constructor(code: RegistryErrorCode, reason: string, message: string, info: RegistryResponseInfo) {
    super(code, message, { reason });
    this.status = info.status;
    this.request = info.request;
    this.errors = info.errors;
  }
}

export class NotFoundError extends RegistryResponseError {}
export class UnauthorizedError extends RegistryResponseError {}
export class DeniedError extends RegistryResponseError {}
export class TooManyRequestsError extends RegistryResponseError {}
export class RegistryUnavailableError extends RegistryResponseError {}
export class RequestRejectedError extends RegistryResponseError {}

/** The caller gave something unusable: a bad flag, option, path or reference. */
export class InvalidArgumentError extends RegistryError {
  constructor(message: string, reason = 'INVALID_ARGUMENT') {
    super('InvalidArgument', message, { reason });
  }
}

/** No manifest in an index suits the requested platform. */
export class PlatformNotFoundError extends RegistryError {
  constructor(
    readonly platform: string,
    readonly available: readonly string[],
  ) {
    super(
      'NotFound',
      `no image for platform ${platform}; available: ${available.length === 0 ? 'none' : available.join(', ')}`,
      { reason: 'PLATFORM_NOT_FOUND' },
    );
  }
}

/** The registry broke the protocol: a missing Location, a bad Content-Range, a non-JSON manifest. */
export class ProtocolError extends RegistryError {
  constructor(message: string) {
    super('Internal', message, { reason: 'PROTOCOL_ERROR' });
  }
}

/** Connecting or talking to a registry failed below HTTP (refused, reset, TLS, timeout). */
export class ConnectionError extends RegistryError {
  constructor(
    readonly target: string,
    cause: unknown,
    reason = 'CONNECTION_FAILED',
  ) {
    super('Unavailable', `${target}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      reason,
      cause,
    });
  }
}

/** A token server or credential helper failed. */
export class AuthenticationError extends RegistryError {
  constructor(message: string, reason = 'AUTHENTICATION_FAILED', cause?: unknown) {
    super('Unauthenticated', message, { reason, cause });
  }
}

/** A local image layout is missing pieces or is malformed. */
export class LayoutError extends RegistryError {
  constructor(message: string, reason = 'LAYOUT_INVALID') {
    super('FailedPrecondition', message, { reason });
  }
}
