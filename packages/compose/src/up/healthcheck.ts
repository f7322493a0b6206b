// Runs a service's healthcheck the way the engine would, through exec. The engine's API has no
// health state, so `depends_on: condition: service_healthy` is checked by compose itself:
// the test runs every `interval` until it passes, failing after `retries` failures once
// `start_period` is over.
import type { Engine } from '../engine/engine';
import { runExec } from '../engine/exec-session';
import { DependencyFailedError } from '../errors';
import type { Healthcheck } from '../model/types';
import { parseDurationSeconds } from '../model/units';

const DEFAULTS = { interval: 30, timeout: 30, retries: 3, startPeriod: 0, startInterval: 5 };

/** The command exec runs for a healthcheck's test. */
export function healthcheckCommand(test: string[]): string[] {
  return test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test[1]] : test.slice(1);
}

export async function waitHealthy(
  engine: Engine,
  container: string,
  check: Healthcheck,
  signal: AbortSignal,
  sleep: (seconds: number, signal: AbortSignal) => Promise<void> = abortableSleep,
): Promise<void> {
  const seconds = (value: string | undefined, fallback: number) =>
    value === undefined ? fallback : (parseDurationSeconds(value) ?? fallback);
  const interval = seconds(check.interval, DEFAULTS.interval);
  const startPeriod = seconds(check.start_period, DEFAULTS.startPeriod);
  const startInterval = seconds(check.start_interval, DEFAULTS.startInterval);
  const retries = check.retries ?? DEFAULTS.retries;
  const command = healthcheckCommand(check.test ?? []);
  let elapsed = 0;
  let failures = 0;
  for (;;) {
    const exitCode = await runExec(engine, { id: container, cmd: command }, {}).catch(() => 1);
    if (exitCode === 0) return;
    const inStartPeriod = elapsed < startPeriod;
    if (!inStartPeriod && ++failures >= retries) {
      throw new DependencyFailedError(
        `container ${container} is unhealthy: its healthcheck failed ${failures} times`,
      );
    }
    const pause = inStartPeriod ? Math.min(startInterval, interval) : interval;
    await sleep(pause, signal);
    elapsed += pause;
  }
}

function abortableSleep(seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, seconds * 1000);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
