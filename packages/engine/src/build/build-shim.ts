// The berth-shim that runs one build's RUN steps. It is started once, on the first RUN, under a
// claim that never gets a task (a shim with a claim left stays alive after its last Delete), so
// later steps go straight to its Task API instead of paying a `berth-shim start` each; Shutdown
// without `now` lets it exit once the build is over.
import type { task } from '@berth/api';
import type { BerthClient } from '@berth/kit';

import type { ComponentClients } from '../components/component-clients';
import type { ShimLauncher } from '../components/shim-launcher';

export class BuildShim {
  private socket: Promise<string> | undefined;

  constructor(
    private readonly shims: ShimLauncher,
    private readonly clients: ComponentClients,
    /** Names the shim group and the keeper claim; unique per build. */
    private readonly buildId: string,
  ) {}

  async task(): Promise<BerthClient<task.v1.TaskClient>> {
    this.socket ??= this.shims.start(`${this.buildId}-keeper`, { group: this.buildId });
    const socket = await this.socket.catch((err: unknown) => {
      this.socket = undefined; // a later step may try again
      throw err;
    });
    return this.clients.task(socket);
  }

  /** Lets the shim exit (it owns no task once every step is deleted). */
  async close(): Promise<void> {
    const socket = await this.socket?.catch(() => undefined);
    if (socket === undefined) return;
    await this.clients
      .task(socket)
      .call.shutdown({ now: false })
      .catch(() => undefined);
    this.clients.dropTask(socket);
  }
}
