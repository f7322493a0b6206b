/**
 * In-process exclusion by name: calls with the same key run one after another in call order,
 * calls with different keys run concurrently. A daemon uses it so two requests about the same
 * container (or image, or network) never interleave their read-modify-write of its state.
 */
export class KeyedMutex {
  // The promise each key's next caller waits for; removed when the queue for the key drains.
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for earlier holders of `key`, then returns the function that lets the next one in. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.tails.get(key) === tail) this.tails.delete(key);
      release();
    };
  }

  /** Runs `fn` while holding `key`. */
  async run<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Whether someone holds or waits for `key`. */
  isLocked(key: string): boolean {
    return this.tails.has(key);
  }
}
