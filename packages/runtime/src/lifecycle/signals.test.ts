import { parseSignal } from './signals';

describe('parseSignal', () => {
  it.each([
    ['KILL', 9],
    ['SIGKILL', 9],
    ['9', 9],
    ['term', 15],
    ['SIGRTMIN+2', 36],
  ])('%s is %d', (text, n) => expect(parseSignal(text)).toBe(n));

  it('refuses unknown names and out-of-range numbers', () => {
    expect(() => parseSignal('SIGNOPE')).toThrow('unknown signal "SIGNOPE"');
    expect(() => parseSignal('0')).toThrow('invalid signal');
  });
});
