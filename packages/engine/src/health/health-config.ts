// A container's healthcheck: the create request's fields checked, and merged over the image's
// HEALTHCHECK with docker's defaults, into what the monitor runs.
import type { engine } from '@berth/api';
import type { ContainerConfig, HealthConfig } from '@berth/oci';
import { InvalidOptionError } from '../errors';

const NS_PER_MS = 1_000_000;

/** docker's defaults (daemon/health.go). */
export const HEALTH_DEFAULTS = {
  intervalMs: 30_000,
  timeoutMs: 30_000,
  startPeriodMs: 0,
  startIntervalMs: 5_000,
  retries: 3,
} as const;

export interface ResolvedHealthcheck {
  /** The argv the probe execs. */
  command: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
}

const TEST_KINDS = ['CMD', 'CMD-SHELL', 'NONE'];

/** The request's healthcheck in the image config's shape (nanoseconds), or undefined when unset. */
export function healthConfigFromProto(proto: engine.v1.HealthConfig | undefined): HealthConfig | undefined {
  if (!proto) return undefined;
  const test = [...proto.test];
  if (test.length > 0 && !TEST_KINDS.includes(test[0]))
    throw new InvalidOptionError(
      'health-cmd',
      `test must start with CMD, CMD-SHELL or NONE, not "${test[0]}"`,
    );
  if (test[0] === 'CMD' && test.length < 2)
    throw new InvalidOptionError('health-cmd', 'CMD needs a command to run');
  if (test[0] === 'CMD-SHELL' && (test.length !== 2 || test[1].trim() === ''))
    throw new InvalidOptionError('health-cmd', 'CMD-SHELL needs exactly one shell command');
  // docker refuses durations below 1 ms other than 0 (which means "the image's, or the default").
  const duration = (flag: string, ns: number) => {
    if (ns !== 0 && ns < NS_PER_MS)
      throw new InvalidOptionError(flag, `${flag} cannot be less than 1ms (got ${ns}ns)`);
    return ns;
  };
  if (proto.retries < 0) throw new InvalidOptionError('health-retries', 'retries cannot be negative');
  const config: HealthConfig = {};
  if (test.length > 0) config.Test = test;
  const interval = duration('health-interval', proto.intervalNs);
  const timeout = duration('health-timeout', proto.timeoutNs);
  const startPeriod = duration('health-start-period', proto.startPeriodNs);
  const startInterval = duration('health-start-interval', proto.startIntervalNs);
  if (interval) config.Interval = interval;
  if (timeout) config.Timeout = timeout;
  if (startPeriod) config.StartPeriod = startPeriod;
  if (startInterval) config.StartInterval = startInterval;
  if (proto.retries) config.Retries = proto.retries;
  return config;
}

/** docker's merge: the container's fields win, empty/zero ones fall back to the image's. */
export function mergeHealthConfig(
  own: HealthConfig | undefined,
  image: HealthConfig | undefined,
): HealthConfig | undefined {
  if (!own) return image;
  if (!image) return own;
  return {
    Test: own.Test?.length ? own.Test : image.Test,
    Interval: own.Interval || image.Interval,
    Timeout: own.Timeout || image.Timeout,
    StartPeriod: own.StartPeriod || image.StartPeriod,
    StartInterval: own.StartInterval || image.StartInterval,
    Retries: own.Retries || image.Retries,
  };
}

/** What the monitor runs, or undefined when there is no healthcheck (none, or NONE). */
export function resolveHealthcheck(
  own: HealthConfig | undefined,
  imageConfig: ContainerConfig,
): ResolvedHealthcheck | undefined {
  const merged = mergeHealthConfig(own, imageConfig.Healthcheck);
  const test = merged?.Test ?? [];
  if (!merged || test.length === 0 || test[0] === 'NONE') return undefined;
  if (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL') return undefined;
  const shell = imageConfig.Shell?.length ? imageConfig.Shell : ['/bin/sh', '-c'];
  const command = test[0] === 'CMD-SHELL' ? [...shell, test.slice(1).join(' ')] : test.slice(1);
  const ms = (ns: number | undefined, fallback: number) => (ns ? ns / NS_PER_MS : fallback);
  return {
    command,
    intervalMs: ms(merged.Interval, HEALTH_DEFAULTS.intervalMs),
    timeoutMs: ms(merged.Timeout, HEALTH_DEFAULTS.timeoutMs),
    startPeriodMs: ms(merged.StartPeriod, HEALTH_DEFAULTS.startPeriodMs),
    startIntervalMs: ms(merged.StartInterval, HEALTH_DEFAULTS.startIntervalMs),
    retries: merged.Retries || HEALTH_DEFAULTS.retries,
  };
}

/** Go's time.Duration String for whole milliseconds ("30s", "1.5s", "250ms", "1m30s"). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = +(totalSeconds % 60).toFixed(3);
  return `${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${seconds}s`;
}
