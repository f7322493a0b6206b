import { signalName, signalNumber } from './signals';

describe('signals', () => {
  it('converts names and numbers both ways', () => {
    expect(signalNumber('SIGKILL')).toBe(9);
    expect(signalNumber(15)).toBe(15);
    expect(signalNumber(0)).toBe(0);
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(34)).toBe('SIGRTMIN+0');
    expect(signalName(40)).toBe('SIGRTMIN+6');
  });

  it('rejects unknown signals', () => {
    expect(() => signalNumber('SIGFOO' as NodeJS.Signals)).toThrow(/unknown signal "SIGFOO"/);
    expect(() => signalNumber(65)).toThrow(/from 0 to 64/);
    expect(() => signalNumber(-1)).toThrow(/from 0 to 64/);
  });
});
