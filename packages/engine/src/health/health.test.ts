import { engine } from '@berth/api';
import { goDuration, healthConfigFromProto, mergeHealthConfig, resolveHealthcheck } from './health-config';
import { applyProbeResult, healthSuffix, startingHealth, type HealthLogEntry } from './health-state';

const S = 1_000_000_000;
const proto = (fields: Partial<engine.v1.HealthConfig>) => engine.v1.HealthConfig.fromPartial(fields);
const entry = (exitCode: number): HealthLogEntry => ({ start: 's', end: 'e', exitCode, output: '' });

describe('healthcheck configuration', () => {
  it('reads the request in docker shape and refuses bad values naming the flag', () => {
    expect(healthConfigFromProto(undefined)).toBeUndefined();
    expect(
      healthConfigFromProto(proto({ test: ['CMD-SHELL', 'true'], intervalNs: 2 * S, retries: 4 })),
    ).toEqual({
      Test: ['CMD-SHELL', 'true'],
      Interval: 2 * S,
      Retries: 4,
    });
    expect(() => healthConfigFromProto(proto({ test: ['RUN', 'x'] }))).toThrow(
      'invalid health-cmd: test must start with CMD, CMD-SHELL or NONE, not "RUN"',
    );
    expect(() => healthConfigFromProto(proto({ test: ['CMD'] }))).toThrow('CMD needs a command');
    expect(() => healthConfigFromProto(proto({ intervalNs: 10 }))).toThrow(
      'invalid health-interval: health-interval cannot be less than 1ms',
    );
    expect(() => healthConfigFromProto(proto({ retries: -1 }))).toThrow('retries cannot be negative');
  });

  it("merges over the image's and applies docker's defaults", () => {
    const image = { Test: ['CMD', 'check'], Interval: 10 * S, Retries: 5 };
    expect(mergeHealthConfig({ Interval: 2 * S }, image)).toMatchObject({
      Test: ['CMD', 'check'],
      Interval: 2 * S,
      Retries: 5,
    });
    expect(resolveHealthcheck({ Interval: 2 * S }, { Healthcheck: image })).toEqual({
      command: ['check'],
      intervalMs: 2000,
      timeoutMs: 30_000,
      startPeriodMs: 0,
      startIntervalMs: 5000,
      retries: 5,
    });
    expect(
      resolveHealthcheck({ Test: ['CMD-SHELL', 'a && b'] }, { Shell: ['/bin/ash', '-c'] })?.command,
    ).toEqual(['/bin/ash', '-c', 'a && b']);
    expect(resolveHealthcheck({ Test: ['NONE'] }, { Healthcheck: image })).toBeUndefined();
    expect(resolveHealthcheck(undefined, {})).toBeUndefined();
  });

  it("formats timeouts as Go durations, as docker's message does", () => {
    expect([250, 1000, 1500, 30_000, 90_000].map(goDuration)).toEqual([
      '250ms',
      '1s',
      '1.5s',
      '30s',
      '1m30s',
    ]);
  });
});

describe('health state', () => {
  it('becomes healthy on success and unhealthy after `retries` failures in a row', () => {
    let health = startingHealth();
    health = applyProbeResult(health, entry(1), { retries: 2, inStartPeriod: false });
    expect(health).toMatchObject({ status: 'starting', failingStreak: 1 });
    health = applyProbeResult(health, entry(0), { retries: 2, inStartPeriod: false });
    expect(health).toMatchObject({ status: 'healthy', failingStreak: 0 });
    health = applyProbeResult(health, entry(1), { retries: 2, inStartPeriod: false });
    expect(health).toMatchObject({ status: 'healthy', failingStreak: 1 });
    health = applyProbeResult(health, entry(-1), { retries: 2, inStartPeriod: false });
    expect(health).toMatchObject({ status: 'unhealthy', failingStreak: 2 });
    expect(health.log.map((e) => e.exitCode)).toEqual([1, 0, 1, -1]);
  });

  it('ignores failures while starting inside the start period, but not after a success', () => {
    const starting = applyProbeResult(startingHealth(), entry(1), { retries: 1, inStartPeriod: true });
    expect(starting).toMatchObject({ status: 'starting', failingStreak: 0 });
    const healthy = applyProbeResult(starting, entry(0), { retries: 1, inStartPeriod: true });
    expect(applyProbeResult(healthy, entry(1), { retries: 1, inStartPeriod: true })).toMatchObject({
      status: 'unhealthy',
    });
  });

  it('keeps the last five results and shows the status as docker ps does', () => {
    let health = startingHealth();
    for (let i = 0; i < 7; i++)
      health = applyProbeResult(health, entry(i), { retries: 100, inStartPeriod: false });
    expect(health.log.map((e) => e.exitCode)).toEqual([2, 3, 4, 5, 6]);
    expect(healthSuffix(startingHealth())).toBe(' (health: starting)');
    expect(healthSuffix({ ...health, status: 'unhealthy' })).toBe(' (unhealthy)');
    expect(healthSuffix(undefined)).toBe('');
  });
});
