import { InvalidRequestError } from '../errors';

/** A request's JSON bytes field (an OCI process or resources object) as a plain object. */
export function parseJsonField(bytes: Uint8Array, field: string): Record<string, unknown> {
  if (bytes.length === 0) throw new InvalidRequestError(field, 'must not be empty');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InvalidRequestError(field, `not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidRequestError(field, 'must be a JSON object');
  return value as Record<string, unknown>;
}
