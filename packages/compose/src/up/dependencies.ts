// Waits for a service's depends_on conditions before its containers start.
import type { Engine } from '../engine/engine';
import { DependencyFailedError } from '../errors';
import type { ComposeModel, DependsOn } from '../model/types';
import { waitHealthy } from './healthcheck';
import type { ProjectContainer } from '../commands/project-containers';

/** Containers of each service as `up` left them, for the conditions to look at. */
export type ContainersOf = (service: string) => Promise<ProjectContainer[]>;

export class DependencyWaiter {
  // One wait per dependency and condition, shared by every service that depends on it.
  private readonly waits = new Map<string, Promise<void>>();

  constructor(
    private readonly engine: Engine,
    private readonly model: ComposeModel,
    private readonly containersOf: ContainersOf,
    private readonly signal: AbortSignal,
  ) {}

  async waitFor(service: string): Promise<void> {
    const dependsOn = this.model.services[service]?.depends_on ?? {};
    await Promise.all(
      Object.entries(dependsOn).map(([dependency, condition]) => this.once(dependency, condition)),
    );
  }

  private once(dependency: string, condition: DependsOn): Promise<void> {
    const key = `${dependency}:${condition.condition}`;
    let wait = this.waits.get(key);
    if (!wait) {
      wait = this.check(dependency, condition);
      this.waits.set(key, wait);
    }
    return wait;
  }

  private async check(dependency: string, condition: DependsOn): Promise<void> {
    if (condition.condition === 'service_started' || !this.model.services[dependency]) return;
    const containers = await this.containersOf(dependency);
    if (condition.condition === 'service_healthy') {
      await Promise.all(containers.map((container) => waitHealthy(this.engine, container.name, this.signal)));
      return;
    }
    for (const container of containers) {
      const result = await this.engine.waitContainer(container.name);
      if (result.statusCode !== 0) {
        throw new DependencyFailedError(
          `service "${dependency}" did not complete successfully: ${container.name} exited with code ${result.statusCode}`,
        );
      }
    }
  }
}
