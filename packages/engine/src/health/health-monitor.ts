// Runs the healthchecks of running containers (docker's daemon/health.go semantics): the first
// probe one interval after the start, then every interval (every start interval while still
// starting inside the start period); each result is saved in the container's record, and a
// status change is published as docker's `health_status: <status>` event. It follows the
// containers through the engine's events (start → watch, die/destroy → stop) and resumes the
// running ones after an engine restart with the health they had.
import type { Logger } from '@berth/kit';
import type { ContainerRegistry } from '../engine/container-registry';
import type { EngineEvent, EventBus } from '../engine/event-bus';
import type { ContainerRecord } from '../state/container-record';
import { resolveHealthcheck, type ResolvedHealthcheck } from './health-config';
import { applyProbeResult, startingHealth, type HealthState } from './health-state';
import type { Prober } from './probe';

interface Watch {
  /** The run being watched: a restart is a new run with a new start time. */
  startedAt: string;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

export class HealthMonitor {
  private readonly watches = new Map<string, Watch>();
  private unsubscribe?: () => void;

  constructor(
    private readonly registry: ContainerRegistry,
    private readonly events: EventBus,
    private readonly probe: Prober,
    private readonly log: Logger,
  ) {}

  /** Follows container starts and exits from now on. */
  follow(): void {
    this.unsubscribe = this.events.subscribe({ filters: [{ key: 'type', value: 'container' }] }, (event) =>
      this.onEvent(event),
    );
  }

  /** Watches every running container that is not watched yet (after the engine's recovery). */
  resumeRunning(): void {
    for (const record of this.registry.all())
      if (record.state.status === 'running' || record.state.status === 'paused')
        void this.watch(record.id, false);
  }

  close(): void {
    this.unsubscribe?.();
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private onEvent(event: EngineEvent): void {
    if (event.action === 'start') void this.watch(event.id, true);
    else if (event.action === 'die' || event.action === 'destroy') this.unwatch(event.id);
  }

  private check(record: ContainerRecord): ResolvedHealthcheck | undefined {
    return resolveHealthcheck(record.settings.healthcheck, record.imageConfig);
  }

  /** Starts watching the container's current run; `fresh` resets its health to starting. */
  private async watch(id: string, fresh: boolean): Promise<void> {
    try {
      const watch = await this.registry.withContainer(id, async (record) => {
        const { startedAt, status } = record.state;
        if (status !== 'running' && status !== 'paused') return undefined;
        if (this.watches.get(id)?.startedAt === startedAt || !this.check(record)) return undefined;
        this.unwatch(id);
        if (fresh || !record.state.health)
          await this.registry.save({ ...record, state: { ...record.state, health: startingHealth() } });
        const created: Watch = { startedAt, stopped: false };
        this.watches.set(id, created);
        return created;
      });
      if (watch) this.schedule(id, watch);
    } catch (err) {
      this.log.warn({ err, container: id }, 'could not start the healthcheck');
    }
  }

  private unwatch(id: string): void {
    const watch = this.watches.get(id);
    if (!watch) return;
    watch.stopped = true;
    clearTimeout(watch.timer);
    this.watches.delete(id);
  }

  private schedule(id: string, watch: Watch): void {
    if (watch.stopped || !this.registry.has(id)) return;
    const record = this.registry.get(id);
    const check = this.check(record);
    if (!check) return;
    watch.timer = setTimeout(() => void this.tick(id, watch), this.nextInterval(record, check));
    watch.timer.unref();
  }

  /** docker's getInterval: the start interval while starting inside the start period. */
  private nextInterval(record: ContainerRecord, check: ResolvedHealthcheck): number {
    const sinceStart = Date.now() - Date.parse(record.state.startedAt);
    if (sinceStart >= check.startPeriodMs) return check.intervalMs;
    return record.state.health?.status === 'starting' ? check.startIntervalMs : check.intervalMs;
  }

  private async tick(id: string, watch: Watch): Promise<void> {
    if (watch.stopped || !this.registry.has(id)) return;
    const record = this.registry.get(id);
    const check = this.check(record);
    if (!check) return;
    // A paused container cannot exec: skip the probe, as if no time had passed.
    if (record.state.status === 'running') {
      const result = await this.probe(record, check);
      if (watch.stopped) return;
      await this.registry
        .withContainer(id, async (current) => {
          if (current.state.startedAt !== watch.startedAt || current.state.status !== 'running') return;
          const before: HealthState = current.state.health ?? startingHealth();
          const inStartPeriod =
            Date.parse(result.start) - Date.parse(current.state.startedAt) < check.startPeriodMs;
          const after = applyProbeResult(before, result, { retries: check.retries, inStartPeriod });
          const saved = { ...current, state: { ...current.state, health: after } };
          await this.registry.save(saved);
          if (after.status !== before.status) this.publish(saved, after);
        })
        .catch((err) => this.log.warn({ err, container: id }, 'could not record the health probe'));
    }
    this.schedule(id, watch);
  }

  private publish(record: ContainerRecord, health: HealthState): void {
    this.events.publish('container', `health_status: ${health.status}`, record.id, {
      name: record.name,
      image: record.settings.image,
      ...record.settings.labels,
    });
  }
}
