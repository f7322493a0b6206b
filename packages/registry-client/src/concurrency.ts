/**
 * Runs `task` over `items` with at most `limit` running at once, in order of start. Every task
 * settles before this returns; the first failure (in item order) is then thrown.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const results: PromiseSettledResult<void>[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      // After a failure no new work starts; what is running finishes (and cleans up after itself).
      if (failed) {
        results[index] = { status: 'fulfilled', value: undefined };
        continue;
      }
      try {
        await task(items[index] as T);
        results[index] = { status: 'fulfilled', value: undefined };
      } catch (reason) {
        failed = true;
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const failure = results.find((result) => result?.status === 'rejected');
  if (failure !== undefined) throw (failure as PromiseRejectedResult).reason;
}

/**
 * Awaits every promise, then throws the first failure (in argument order): unlike Promise.all,
 * nothing is still running (and writing) when the caller sees the error.
 */
export async function settleAll(promises: readonly (Promise<unknown> | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
}
