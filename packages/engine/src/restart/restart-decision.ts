// When a container comes back by itself: docker's restart policies and back-off.
import type { RestartPolicy } from '../options/restart-policy';

/** First delay before a restart. */
export const INITIAL_BACKOFF_MS = 100;
/** The delay doubles per restart up to this. */
export const MAX_BACKOFF_MS = 60_000;
/** A run at least this long counts as healthy and resets the back-off. */
export const HEALTHY_RUN_MS = 10_000;

export interface ExitFacts {
  policy: RestartPolicy;
  exitCode: number;
  /** Restarts so far (docker's RestartCount). */
  restartCount: number;
  /** The user stopped or killed it through the API. */
  manuallyStopped: boolean;
  /** The container is being removed, or was created with --rm. */
  removing: boolean;
}

/** Whether a container that just exited should be restarted. */
export function shouldRestartAfterExit(facts: ExitFacts): boolean {
  if (facts.manuallyStopped || facts.removing) return false;
  switch (facts.policy.name) {
    case 'no':
      return false;
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure':
      return (
        facts.exitCode !== 0 &&
        (facts.policy.maximumRetryCount === 0 || facts.restartCount < facts.policy.maximumRetryCount)
      );
  }
}

/** Whether a stopped container should be started when the engine starts. */
export function shouldStartWithEngine(policy: RestartPolicy, manuallyStopped: boolean): boolean {
  if (policy.name === 'always') return true;
  return policy.name === 'unless-stopped' && !manuallyStopped;
}

/** Per-container back-off: 100 ms, doubling to 1 minute, reset by a run of 10 s or more. */
export class Backoff {
  private delayMs = 0;

  /** The delay before the next restart of a process that ran for `ranForMs`. */
  next(ranForMs: number): number {
    if (ranForMs >= HEALTHY_RUN_MS) this.delayMs = 0;
    this.delayMs = this.delayMs === 0 ? INITIAL_BACKOFF_MS : Math.min(this.delayMs * 2, MAX_BACKOFF_MS);
    return this.delayMs;
  }

  reset(): void {
    this.delayMs = 0;
  }
}
