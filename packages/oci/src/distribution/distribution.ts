import type { OciErrorCode } from '../errors';
import type { ImageIndex } from '../image/image-index';
import { indexCheck } from '../image/image-index';
import type { Check } from '../validation/check';
import { runCheck } from '../validation/check';
import { anyString, anyValue, nonEmptyString } from '../validation/primitives';
import { arrayOf, object, optional, required } from '../validation/structures';

/** Error codes of the OCI distribution spec (spec.md "Error Codes") plus those Docker registries send. */
export const DISTRIBUTION_ERROR_CODES = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
  // Docker distribution extensions.
  'MANIFEST_UNVERIFIED',
  'TAG_INVALID',
  'PAGINATION_NUMBER_INVALID',
  'RANGE_INVALID',
  'UNAVAILABLE',
  'UNKNOWN',
] as const;

export type DistributionErrorCode = (typeof DISTRIBUTION_ERROR_CODES)[number];

export interface DistributionError {
  /** One of DISTRIBUTION_ERROR_CODES, or whatever else a registry sent. */
  code: DistributionErrorCode | (string & {});
  message?: string;
  /** Free-form, registry-specific. */
  detail?: unknown;
}

/** Body of a failed registry request. */
export interface ErrorResponse {
  errors: DistributionError[];
}

/** `GET /v2/<name>/tags/list`. */
export interface TagList {
  name: string;
  tags: string[];
}

/** `GET /v2/_catalog`. */
export interface Catalog {
  repositories: string[];
}

/** `GET /v2/<name>/referrers/<digest>`: an image index whose descriptors carry artifactType. */
export type ReferrersIndex = ImageIndex;

const errorResponseCheck: Check<ErrorResponse> = object<ErrorResponse>({
  errors: required(
    arrayOf(
      object<DistributionError>({
        code: required(nonEmptyString),
        message: optional(anyString),
        detail: optional(anyValue),
      }),
    ),
  ),
});

const CODE_STATUS: Readonly<Record<DistributionErrorCode, OciErrorCode>> = {
  BLOB_UNKNOWN: 'NotFound',
  BLOB_UPLOAD_INVALID: 'InvalidArgument',
  BLOB_UPLOAD_UNKNOWN: 'NotFound',
  DIGEST_INVALID: 'InvalidArgument',
  MANIFEST_BLOB_UNKNOWN: 'FailedPrecondition',
  MANIFEST_INVALID: 'InvalidArgument',
  MANIFEST_UNKNOWN: 'NotFound',
  NAME_INVALID: 'InvalidArgument',
  NAME_UNKNOWN: 'NotFound',
  SIZE_INVALID: 'InvalidArgument',
  UNAUTHORIZED: 'PermissionDenied',
  DENIED: 'PermissionDenied',
  UNSUPPORTED: 'FailedPrecondition',
  TOOMANYREQUESTS: 'Unavailable',
  MANIFEST_UNVERIFIED: 'InvalidArgument',
  TAG_INVALID: 'InvalidArgument',
  PAGINATION_NUMBER_INVALID: 'InvalidArgument',
  RANGE_INVALID: 'InvalidArgument',
  UNAVAILABLE: 'Unavailable',
  UNKNOWN: 'Internal',
};

/** The Berth error code a registry error code corresponds to; unknown codes are Internal. */
export function distributionErrorStatus(code: string): OciErrorCode {
  return (CODE_STATUS as Readonly<Record<string, OciErrorCode>>)[code] ?? 'Internal';
}

export function parseErrorResponse(json: unknown): ErrorResponse {
  return runCheck(errorResponseCheck, json);
}

const tagListCheck = object<TagList>({
  name: required(nonEmptyString),
  tags: required(arrayOf(nonEmptyString)),
});
const catalogCheck = object<Catalog>({ repositories: required(arrayOf(nonEmptyString)) });

export function parseTagList(json: unknown): TagList {
  // Registries answer `"tags": null` for a repository without tags.
  return runCheck(tagListCheck, normaliseNullList(json, 'tags'));
}

export function parseCatalog(json: unknown): Catalog {
  return runCheck(catalogCheck, normaliseNullList(json, 'repositories'));
}

export function parseReferrersIndex(json: unknown): ReferrersIndex {
  return runCheck(indexCheck, json);
}

function normaliseNullList(json: unknown, member: string): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const record = json as Record<string, unknown>;
  return record[member] === null ? { ...record, [member]: [] } : json;
}
