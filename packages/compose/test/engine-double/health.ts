// Healthchecks in the engine double, with berthd's (docker's) rules: the first probe one
// interval after the start, the start interval while starting inside the start period,
// failures inside it not counted, unhealthy after `retries` failures in a row. Probes run as
// host processes, like the double's containers.
import { engine } from '@berth/api';
import { spawn } from 'node:child_process';

export interface DoubleHealth {
  status: 'starting' | 'healthy' | 'unhealthy';
  failingStreak: number;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

const DEFAULTS = { intervalMs: 30_000, startIntervalMs: 5_000, retries: 3 };

export function startHealthcheck(
  config: engine.v1.HealthConfig | undefined,
  process: { cwd: string; env: NodeJS.ProcessEnv },
): DoubleHealth | undefined {
  const test = config?.test ?? [];
  if (!config || (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL')) return undefined;
  const argv = test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', test[1]] : test.slice(1);
  const ms = (ns: number, fallback: number) => (ns ? ns / 1e6 : fallback);
  const interval = ms(config.intervalNs, DEFAULTS.intervalMs);
  const startInterval = ms(config.startIntervalNs, DEFAULTS.startIntervalMs);
  const startPeriod = ms(config.startPeriodNs, 0);
  const retries = config.retries || DEFAULTS.retries;
  const started = Date.now();
  const health: DoubleHealth = { status: 'starting', failingStreak: 0, stopped: false };
  const inStartPeriod = () => Date.now() - started < startPeriod;
  const next = () => {
    if (health.stopped) return;
    const wait = inStartPeriod() && health.status === 'starting' ? startInterval : interval;
    health.timer = setTimeout(probe, wait);
  };
  const probe = () => {
    const child = spawn(argv[0], argv.slice(1), { ...process, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.on('close', (code) => {
      if (code === 0) {
        health.status = 'healthy';
        health.failingStreak = 0;
      } else if (!(health.status === 'starting' && inStartPeriod())) {
        health.failingStreak++;
        if (health.failingStreak >= retries) health.status = 'unhealthy';
      }
      next();
    });
  };
  next();
  return health;
}

export function stopHealthcheck(health: DoubleHealth | undefined): void {
  if (!health) return;
  health.stopped = true;
  clearTimeout(health.timer);
}
