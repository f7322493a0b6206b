import { SysError } from './errors';
import { callNative, type NativePoller } from './native';

/** uv_poll event bits. */
export const READABLE = 1;
export const WRITABLE = 2;

/** A non-blocking step: a value when done, null when it would block. */
export type Attempt<T> = () => T | null;

export type Completion<T> = (error: Error | null, value?: T) => void;

/**
 * Repeats a non-blocking attempt until it gives a value or throws: once at once, then each
 * time the event loop sees `fd` ready for `events`. `done` is called exactly once, unless the
 * watch is closed first. The watch keeps the event loop alive while pending unless unref'd.
 */
export class ReadinessWatch<T> {
  private poller: NativePoller | undefined;
  private finished = false;
  private referenced = true;

  constructor(
    private readonly fd: number,
    private readonly events: number,
    private readonly attempt: Attempt<T>,
    private readonly done: Completion<T>,
  ) {
    // The first attempt runs on the next tick so `done` never fires before the caller holds the watch.
    process.nextTick(() => this.step());
  }

  /** Keeps the event loop alive while waiting (the default). */
  ref(): this {
    this.referenced = true;
    this.poller?.ref();
    return this;
  }

  /** Lets the process exit while this watch is pending. */
  unref(): this {
    this.referenced = false;
    this.poller?.unref();
    return this;
  }

  /** Stops waiting without calling `done`. Close the watch before closing its fd. */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.poller?.close();
    this.poller = undefined;
  }

  get closed(): boolean {
    return this.finished;
  }

  private step(): void {
    if (this.finished) return;
    let value: T | null;
    try {
      value = this.attempt();
    } catch (error) {
      this.finish(error as Error);
      return;
    }
    if (value !== null) {
      this.finish(null, value);
      return;
    }
    if (!this.poller) this.startPolling();
  }

  private startPolling(): void {
    try {
      this.poller = callNative(
        (addon) => new addon.Poller(this.fd, (errnoNumber) => this.onReady(errnoNumber)),
      );
      this.poller.start(this.events);
      if (!this.referenced) this.poller.unref();
    } catch (error) {
      this.finish(error as Error);
    }
  }

  private onReady(errnoNumber: number): void {
    if (this.finished) return;
    if (errnoNumber !== 0) this.finish(SysError.fromErrno(errnoNumber, 'uv_poll'));
    else this.step();
  }

  private finish(error: Error | null, value?: T): void {
    this.close();
    this.done(error, value);
  }
}

export interface WaitOptions {
  /** Aborting rejects the promise with a SysError coded 'Cancelled' and stops watching the fd. */
  signal?: AbortSignal;
}

/** Promise form of ReadinessWatch, cancellable with an AbortSignal. */
export function whenReady<T>(
  fd: number,
  events: number,
  attempt: Attempt<T>,
  options: WaitOptions = {},
): Promise<T> {
  const { signal } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal));
      return;
    }
    const onAbort = (): void => {
      watch.close();
      reject(cancelledError(signal));
    };
    const watch = new ReadinessWatch<T>(fd, events, attempt, (error, value) => {
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value as T);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The rejection for a wait ended by its AbortSignal. */
export function cancelledError(signal: AbortSignal | undefined): SysError {
  return new SysError('Cancelled', 'the wait was aborted', { cause: signal?.reason });
}
