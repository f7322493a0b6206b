import { forEachLimited, settleAll } from './concurrency';

describe('forEachLimited', () => {
  it('never runs more than the limit at once and runs every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(item);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('throws the first failure after running tasks settle and starts nothing new', async () => {
    const started: number[] = [];
    await expect(
      forEachLimited([1, 2, 3, 4], 1, async (item) => {
        started.push(item);
        if (item === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('settleAll', () => {
  it('waits for every promise, then throws the first failure in order', async () => {
    let slowDone = false;
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        slowDone = true;
        resolve();
      }, 20),
    );
    await expect(
      settleAll([slow, Promise.reject(new Error('first')), Promise.reject(new Error('second')), undefined]),
    ).rejects.toThrow('first');
    expect(slowDone).toBe(true);
    await expect(settleAll([Promise.resolve(1), undefined])).resolves.toBeUndefined();
  });
});
