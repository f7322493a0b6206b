import { parseErrorResponse, type DistributionError } from '@berth/oci';
import {
  DeniedError,
  NotFoundError,
  RegistryUnavailableError,
  RequestRejectedError,
  TooManyRequestsError,
  UnauthorizedError,
  type RegistryResponseError,
  type RegistryResponseInfo,
} from '../errors';

// A registry's error body is small; anything past this is not an error document worth reading.
const MAX_ERROR_TEXT = 512;

/** Reads a distribution-spec error body; a plain-text or HTML body becomes one UNKNOWN error with its text. */
export function parseErrorBody(body: string): DistributionError[] {
  const trimmed = body.trim();
  if (trimmed === '') return [];
  try {
    return parseErrorResponse(JSON.parse(trimmed)).errors;
  } catch {
    return [{ code: 'UNKNOWN', message: trimmed.slice(0, MAX_ERROR_TEXT) }];
  }
}

function describe(errors: readonly DistributionError[]): string {
  return errors.map((error) => (error.message ? `${error.code}: ${error.message}` : error.code)).join('; ');
}

function defaultReason(status: number): string {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'DENIED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'TOOMANYREQUESTS';
  if (status >= 500) return 'UNAVAILABLE';
  return `HTTP_${status}`;
}

/** The typed error for a failed response: by HTTP status first, the spec's error code as reason. */
export function responseError(status: number, request: string, body: string): RegistryResponseError {
  const errors = parseErrorBody(body);
  const first = errors.find((error) => error.code !== 'UNKNOWN')?.code;
  const reason = first ?? defaultReason(status);
  const detail = errors.length > 0 ? describe(errors) : `HTTP ${status}`;
  const message = `${request}: ${detail}`;
  const info: RegistryResponseInfo = { status, request, errors };
  if (status === 401) return new UnauthorizedError('Unauthenticated', reason, message, info);
  if (status === 403) return new DeniedError('PermissionDenied', reason, message, info);
  if (status === 404) return new NotFoundError('NotFound', reason, message, info);
  if (status === 429) return new TooManyRequestsError('ResourceExhausted', reason, message, info);
  if (status >= 500) return new RegistryUnavailableError('Unavailable', reason, message, info);
  return new RequestRejectedError(
    status === 416 ? 'FailedPrecondition' : 'InvalidArgument',
    reason,
    message,
    info,
  );
}
