// gRPC status errors the double answers with, as berthd maps its error classes.
import { status, type ServiceError } from '@grpc/grpc-js';

export function grpcError(code: status, details: string): ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: undefined as never });
}

export const notFound = (what: string) => grpcError(status.NOT_FOUND, `${what}: not found`);
export const alreadyExists = (what: string) => grpcError(status.ALREADY_EXISTS, `${what}: already exists`);
export const failedPrecondition = (details: string) => grpcError(status.FAILED_PRECONDITION, details);
export const invalidArgument = (details: string) => grpcError(status.INVALID_ARGUMENT, details);

/** Whether a docker-style `label` filter value ("key" or "key=value") matches `labels`. */
export function labelMatches(labels: Record<string, string>, filter: string): boolean {
  const eq = filter.indexOf('=');
  return eq < 0 ? filter in labels : labels[filter.slice(0, eq)] === filter.slice(eq + 1);
}

/** Filters with one key OR their values; different keys AND, as the engine documents. */
export function matchesFilters(
  filters: { key: string; value: string }[],
  test: (key: string, value: string) => boolean,
): boolean {
  const byKey = new Map<string, string[]>();
  for (const filter of filters) byKey.set(filter.key, [...(byKey.get(filter.key) ?? []), filter.value]);
  return [...byKey.entries()].every(([key, values]) => values.some((value) => test(key, value)));
}
