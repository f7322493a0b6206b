import { isRetriableStatus, retryDelayMs } from './retry-policy';

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('retries 5xx and 429 but never other 4xx', () => {
    expect([500, 502, 503, 504, 429].every(isRetriableStatus)).toBe(true);
    expect([400, 401, 403, 404, 416, 501].some(isRetriableStatus)).toBe(false);
  });

  it('honours Retry-After seconds, capped', () => {
    expect(retryDelayMs(policy, 0, '0')).toBe(0);
    expect(retryDelayMs(policy, 0, '120')).toBe(1000);
  });

  it('backs off exponentially within bounds', () => {
    const third = retryDelayMs(policy, 2);
    expect(third).toBeGreaterThanOrEqual(400);
    expect(third).toBeLessThan(500);
    expect(retryDelayMs(policy, 10)).toBe(1000);
  });
});
