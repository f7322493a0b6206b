import { parseUntil, pruneMatcher } from './prune-filters';

describe('prune filters', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('reads until as a duration, Unix seconds or a time', () => {
    expect(parseUntil('1h', now)).toBe(now - 3_600_000);
    expect(parseUntil('1700000000', now)).toBe(1_700_000_000_000);
    expect(parseUntil('2026-11-23T11:00:00Z', now)).toBe(now - 3_600_000);
    expect(() => parseUntil('soon', now)).toThrow('is not a time or duration');
  });

  it('combines until and labels', () => {
    const match = pruneMatcher(
      [
        { key: 'until', value: '1h' },
        { key: 'label', value: 'keep=no' },
        { key: 'label!', value: 'pinned' },
      ],
      'container prune',
      now,
    );
    expect(match(now - 2 * 3_600_000, { keep: 'no' })).toBe(true);
    expect(match(now - 60_000, { keep: 'no' })).toBe(false);
    expect(match(now - 2 * 3_600_000, { keep: 'no', pinned: '1' })).toBe(false);
    expect(match(now - 2 * 3_600_000, {})).toBe(false);
    expect(() => pruneMatcher([{ key: 'name', value: 'x' }], 'container prune')).toThrow(
      "invalid filter 'name'",
    );
  });
});
