import { NO_RESOURCE_LIMITS, checkResources, toLinuxResources, type ResourceSettings } from './resources';

const with_ = (overrides: Partial<ResourceSettings>): ResourceSettings => ({
  ...NO_RESOURCE_LIMITS,
  ...overrides,
});
const MiB = 1024 * 1024;

describe('resources', () => {
  it('sets nothing without limits', () => {
    expect(toLinuxResources(NO_RESOURCE_LIMITS)).toEqual({});
  });

  it('turns --cpus into a quota over a 100 ms period', () => {
    expect(toLinuxResources(with_({ nanoCpus: 0.5e9 })).cpu).toEqual({ period: 100000, quota: 50000 });
  });

  it('gives swap equal to memory by default, unlimited with -1', () => {
    expect(toLinuxResources(with_({ memory: 64 * MiB })).memory).toEqual({
      limit: 64 * MiB,
      swap: 128 * MiB,
    });
    expect(toLinuxResources(with_({ memory: 64 * MiB, memorySwap: -1 })).memory).toEqual({
      limit: 64 * MiB,
      swap: -1,
    });
  });

  it.each([
    [with_({ memory: MiB }), 'minimum memory limit allowed is 6MB'],
    [with_({ memorySwap: 10 * MiB }), 'always set the memory limit'],
    [with_({ memory: 64 * MiB, memorySwap: 32 * MiB }), 'should be larger than the memory limit'],
    [with_({ nanoCpus: 3e9 }), 'range of CPUs is from 0.01 to 2.00'],
    [with_({ nanoCpus: 1e9, cpuQuota: 1000 }), 'cannot both be set'],
    [with_({ cpusetCpus: '0-a' }), 'is not a CPU list'],
  ])('rejects %o', (settings, message) => {
    expect(() => checkResources(settings, 2)).toThrow(message);
  });
});
