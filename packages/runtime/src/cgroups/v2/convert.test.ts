import { blkioWeightToIoWeight, cpuSharesToWeight, memorySwapToV2 } from './convert';

describe('v1 → v2 conversions', () => {
  it('maps cpu shares onto cpu.weight over the whole range', () => {
    expect(cpuSharesToWeight(0)).toBe(0);
    expect(cpuSharesToWeight(2)).toBe(1);
    expect(cpuSharesToWeight(1024)).toBe(39);
    expect(cpuSharesToWeight(262144)).toBe(10000);
  });

  it('maps blkio weight onto io.weight', () => {
    expect(blkioWeightToIoWeight(0)).toBe(0);
    expect(blkioWeightToIoWeight(10)).toBe(1);
    expect(blkioWeightToIoWeight(1000)).toBe(10000);
  });

  it('turns memory+swap into swap alone', () => {
    expect(memorySwapToV2(0, -1)).toBe(-1);
    expect(memorySwapToV2(-1, 100)).toBe(-1);
    expect(memorySwapToV2(0, 100)).toBe(0);
    expect(memorySwapToV2(300, 100)).toBe(200);
    expect(() => memorySwapToV2(300, 0)).toThrow(/needs a memory.limit/);
    expect(() => memorySwapToV2(50, 100)).toThrow(/below memory.limit/);
  });
});
