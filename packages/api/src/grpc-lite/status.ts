// gRPC status codes and the error a failed call reports, shaped as grpc-js's ServiceError so
// code written against grpc-js (ts-proto clients, error mappers) works unchanged.
import { Metadata } from './metadata';

export const status = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

const NAMES = Object.keys(status);

export interface StatusObject {
  code: number;
  details: string;
  metadata: Metadata;
}

export interface ServiceError extends Error, StatusObject {}

export function serviceError({ code, details, metadata }: StatusObject): ServiceError {
  const error = new Error(`${code} ${NAMES[code] ?? 'UNKNOWN'}: ${details}`) as ServiceError;
  error.code = code;
  error.details = details;
  error.metadata = metadata;
  return error;
}

/** The status of a response that ended with HTTP status `httpStatus` instead of 200. */
export function statusOfHttp(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return status.INTERNAL;
    case 401:
      return status.UNAUTHENTICATED;
    case 403:
      return status.PERMISSION_DENIED;
    case 404:
      return status.UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return status.UNAVAILABLE;
    default:
      return status.UNKNOWN;
  }
}
