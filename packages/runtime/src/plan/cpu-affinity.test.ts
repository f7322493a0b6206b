import { cpuListMask } from './cpu-affinity';

describe('cpuListMask', () => {
  it('sets one bit per CPU in whole unsigned longs', () => {
    expect([...cpuListMask('0-3,7', 'f')!]).toEqual([0x8f, 0, 0, 0, 0, 0, 0, 0]);
    const big = cpuListMask('64,129', 'f')!;
    expect(big.length).toBe(24);
    expect(big[8]).toBe(1);
    expect(big[16]).toBe(2);
  });

  it('reads an empty list as "leave the affinity alone"', () => {
    expect(cpuListMask('', 'f')).toBeUndefined();
  });

  it('names the field of a list it cannot read', () => {
    expect(() => cpuListMask('0-', 'process.execCPUAffinity.final')).toThrow(
      'process.execCPUAffinity.final: "0-" is not a CPU list like "0-3,7"',
    );
    expect(() => cpuListMask('5-2', 'f')).toThrow('range "5-2" runs backwards');
    expect(() => cpuListMask('9000', 'f')).toThrow('beyond');
  });
});
