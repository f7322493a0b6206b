/**
 * A FIFO async mutex: operations that read-modify-write shared state (IPAM, port table, nft maps)
 * run one at a time inside the daemon, in the order they arrived.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(critical: () => Promise<T>): Promise<T> {
    const result = this.tail.then(critical, critical);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
