import { safeJsonStringify } from './json-safe';

describe('safeJsonStringify', () => {
  it('writes BigInt as a decimal string', () => {
    expect(safeJsonStringify({ size: 2n ** 64n })).toBe('{"size":"18446744073709551616"}');
  });

  it('replaces cycles but keeps repeated, non-cyclic references', () => {
    const shared = { a: 1 };
    const value: Record<string, unknown> = { x: shared, y: shared };
    value.self = value;
    expect(JSON.parse(safeJsonStringify(value))).toEqual({ x: { a: 1 }, y: { a: 1 }, self: '[Circular]' });
  });

  it('keeps toJSON behaviour (dates)', () => {
    expect(safeJsonStringify({ t: new Date(0) })).toBe('{"t":"1970-01-01T00:00:00.000Z"}');
  });
});
