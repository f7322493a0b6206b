import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly retries: number;
  /** Delay before the first retry; doubled each time, with jitter. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 4, baseDelayMs: 200, maxDelayMs: 10_000 };

/** 5xx and 429 are worth another try; other 4xx say the request itself is wrong. */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** The wait before retry number `attempt` (0-based): the server's Retry-After if sane, else exponential backoff. */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter?: string | string[]): number {
  const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (header !== undefined) {
    const seconds = Number(header);
    const fromHeader = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (Number.isFinite(fromHeader) && fromHeader >= 0) return Math.min(fromHeader, policy.maxDelayMs);
  }
  const exponential = policy.baseDelayMs * 2 ** attempt;
  const jitter = Math.random() * policy.baseDelayMs;
  return Math.min(exponential + jitter, policy.maxDelayMs);
}

export function waitForRetry(ms: number): Promise<void> {
  return sleep(ms);
}
