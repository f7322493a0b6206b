// A service's healthcheck as the engine's HealthConfig: the engine runs it and keeps the health.
import { engine as api } from '@berth/api';
import type { Healthcheck } from '../model/types';
import { parseDurationSeconds } from '../model/units';

/** The compose file's healthcheck as the engine's HealthConfig; undefined keeps the image's. */
export function healthConfig(check: Healthcheck | undefined): api.v1.HealthConfig | undefined {
  if (!check) return undefined;
  if (check.disable) return api.v1.HealthConfig.fromPartial({ test: ['NONE'] });
  const ns = (value: string | undefined) =>
    value === undefined ? 0 : Math.round((parseDurationSeconds(value) ?? 0) * 1e9);
  return api.v1.HealthConfig.fromPartial({
    test: check.test ?? [],
    intervalNs: ns(check.interval),
    timeoutNs: ns(check.timeout),
    startPeriodNs: ns(check.start_period),
    startIntervalNs: ns(check.start_interval),
    retries: check.retries ?? 0,
  });
}
