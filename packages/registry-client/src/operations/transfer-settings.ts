import type { RegistryClientOptions } from '../client-options';
import { InvalidArgumentError } from '../errors';

/** How blobs move, resolved from the client's options. */
export interface TransferSettings {
  /** Blobs transferred at once. */
  readonly concurrency: number;
  readonly rangedThreshold: number;
  readonly rangedParts: number;
  /** Range resumptions of one interrupted download. */
  readonly maxResumes: number;
}

// dockerd's max-concurrent-downloads default.
const DEFAULT_CONCURRENCY = 3;
const DEFAULT_RANGED_THRESHOLD = 64 * 1024 * 1024;
const DEFAULT_RANGED_PARTS = 4;
const DEFAULT_MAX_RESUMES = 5;

export function transferSettings(options: RegistryClientOptions): TransferSettings {
  return {
    concurrency: positive('concurrency', options.concurrency, DEFAULT_CONCURRENCY),
    rangedThreshold: positive('rangedFetchThreshold', options.rangedFetchThreshold, DEFAULT_RANGED_THRESHOLD),
    rangedParts: positive('rangedFetchParts', options.rangedFetchParts, DEFAULT_RANGED_PARTS),
    maxResumes: DEFAULT_MAX_RESUMES,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidArgumentError(`option ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
