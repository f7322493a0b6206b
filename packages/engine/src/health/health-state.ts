// A container's health as docker keeps it (State.Health): the status, the current run of
// failures and the last five probe results; and how one probe result changes it.
export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface HealthLogEntry {
  /** ISO times. */
  start: string;
  end: string;
  /** The probe's exit code; -1 when it timed out or could not run. */
  exitCode: number;
  output: string;
}

export interface HealthState {
  status: HealthStatus;
  failingStreak: number;
  log: HealthLogEntry[];
}

/** docker keeps this many results and this much of each probe's output. */
export const MAX_LOG_ENTRIES = 5;
export const MAX_OUTPUT_BYTES = 4096;

export function startingHealth(): HealthState {
  return { status: 'starting', failingStreak: 0, log: [] };
}

/**
 * docker's handleProbeResult: success makes the container healthy and resets the streak;
 * a failure while still starting inside the start period does not count; otherwise the
 * streak grows and reaching `retries` makes the container unhealthy.
 */
export function applyProbeResult(
  health: HealthState,
  result: HealthLogEntry,
  options: { retries: number; inStartPeriod: boolean },
): HealthState {
  const log = [...health.log, result].slice(-MAX_LOG_ENTRIES);
  if (result.exitCode === 0) return { status: 'healthy', failingStreak: 0, log };
  if (health.status === 'starting' && options.inStartPeriod) return { ...health, log };
  const failingStreak = health.failingStreak + 1;
  return {
    status: failingStreak >= options.retries ? 'unhealthy' : health.status,
    failingStreak,
    log,
  };
}

/** The suffix docker's status column gets while a container with a healthcheck runs. */
export function healthSuffix(health: HealthState | undefined): string {
  if (!health) return '';
  return health.status === 'starting' ? ' (health: starting)' : ` (${health.status})`;
}

/** docker's inspect State.Health. */
export function healthDocument(health: HealthState) {
  return {
    Status: health.status,
    FailingStreak: health.failingStreak,
    Log: health.log.map((entry) => ({
      Start: entry.start,
      End: entry.end,
      ExitCode: entry.exitCode,
      Output: entry.output,
    })),
  };
}
