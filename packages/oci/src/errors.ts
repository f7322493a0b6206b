/**
 * Error classes of @berth/oci. They follow the Berth convention (implemented for real in
 * @berth/kit, which this package must not depend on): `name` is the class name, `code` is one
 * of a fixed set that kit maps to a gRPC status by duck-typing, and `reason` is a stable
 * machine string callers may switch on.
 */
import type { ValidationIssue } from './validation/issues';

export type OciErrorCode =
  | 'InvalidArgument'
  | 'NotFound'
  | 'AlreadyExists'
  | 'FailedPrecondition'
  | 'Unavailable'
  | 'Internal'
  | 'PermissionDenied'
  | 'DataLoss';

export interface OciErrorOptions {
  readonly reason?: string;
  readonly cause?: unknown;
}

export class OciError extends Error {
  readonly code: OciErrorCode;
  readonly reason?: string;

  constructor(code: OciErrorCode, message: string, options: OciErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.reason !== undefined) this.reason = options.reason;
  }
}

/** A JSON document (config.json, manifest, ...) broke the spec; `issues` lists every problem found. */
export class OciValidationError extends OciError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super('InvalidArgument', issues.map(formatIssue).join('; '), { reason: 'INVALID_DOCUMENT' });
    this.issues = issues;
  }
}

export function formatIssue(issue: ValidationIssue): string {
  return `${issue.path === '' ? '(document)' : issue.path}: ${issue.message}`;
}

export class InvalidDigestError extends OciError {
  constructor(message: string) {
    super('InvalidArgument', message, { reason: 'INVALID_DIGEST' });
  }
}

/** Content read from a blob does not hash to the digest it was fetched by. */
export class DigestMismatchError extends OciError {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super('DataLoss', `digest mismatch: expected ${expected}, got ${actual}`, { reason: 'DIGEST_MISMATCH' });
  }
}

/** Content is longer or shorter than its descriptor says; `actual` is the bytes seen so far. */
export class SizeMismatchError extends OciError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      'DataLoss',
      actual > expected
        ? `size mismatch: expected ${expected} bytes, got more (${actual} so far)`
        : `size mismatch: expected ${expected} bytes, got ${actual}`,
      { reason: 'SIZE_MISMATCH' },
    );
  }
}

export class UnsupportedManifestError extends OciError {
  constructor(message: string) {
    super('InvalidArgument', message, { reason: 'UNSUPPORTED_MANIFEST' });
  }
}

export class UnsupportedMediaTypeError extends OciError {
  constructor(message: string) {
    super('InvalidArgument', message, { reason: 'UNSUPPORTED_MEDIA_TYPE' });
  }
}

export class InvalidReferenceError extends OciError {
  constructor(
    readonly input: string,
    why: string,
  ) {
    super('InvalidArgument', `invalid reference ${JSON.stringify(input)}: ${why}`, {
      reason: 'INVALID_REFERENCE',
    });
  }
}

export class InvalidPlatformError extends OciError {
  constructor(
    readonly input: string,
    why: string,
  ) {
    super('InvalidArgument', `invalid platform ${JSON.stringify(input)}: ${why}`, {
      reason: 'INVALID_PLATFORM',
    });
  }
}
