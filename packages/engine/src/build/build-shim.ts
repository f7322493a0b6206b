// The berth-shims that run one build's RUN steps. Each is started under a claim that never gets a
// task (a shim with a claim left stays alive after its last Delete), so later steps go straight
// to its Task API instead of paying a `berth-shim start` each; Shutdown without `now` lets it
// exit once the build is over. A shim runs one step at a time: steps of parallel stages that
// overlap get a shim each (with two containers exiting at once in one shim, an exit was seen to
// go unnoticed, leaving the build waiting forever).
import type { task } from '@berth/api';
import type { BerthClient } from '@berth/kit';

import type { ComponentClients } from '../components/component-clients';
import type { ShimLauncher } from '../components/shim-launcher';

export interface LeasedShim {
  task: BerthClient<task.v1.TaskClient>;
  release(): void;
}

export class BuildShim {
  private readonly idle: string[] = [];
  private readonly started: string[] = [];

  constructor(
    private readonly shims: ShimLauncher,
    private readonly clients: ComponentClients,
    /** Names the shim groups and their keeper claims; unique per build. */
    private readonly buildId: string,
  ) {}

  /** A shim for one step, started if none is free; `release` when the step's task is deleted. */
  async acquire(): Promise<LeasedShim> {
    let socket = this.idle.pop();
    if (socket === undefined) {
      const group = `${this.buildId}-${this.started.length}`;
      socket = await this.shims.start(`${group}-keeper`, { group });
      this.started.push(socket);
    }
    const leased = socket;
    return { task: this.clients.task(leased), release: () => void this.idle.push(leased) };
  }

  /** Lets the shims exit (they own no task once every step is deleted). */
  async close(): Promise<void> {
    for (const socket of this.started.splice(0)) {
      await this.clients
        .task(socket)
        .call.shutdown({ now: false })
        .catch(() => undefined);
      this.clients.dropTask(socket);
    }
    this.idle.length = 0;
  }
}
