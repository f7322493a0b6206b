// The berth-shims that run RUN steps, shared by every build of this berthd. Each is started under
// a claim that never gets a task (a shim with a claim left stays alive after its last Delete), so
// steps go straight to its Task API instead of paying a `berth-shim start` (a Node process start)
// each, and a warm build finds one ready. A shim runs one step at a time, so steps of parallel
// stages that overlap get a shim each and run on both cores (and a build once hung with two
// steps in one shim, whose exit went unnoticed). Shims idle for IDLE_MS are shut down (Shutdown
// without `now`: they exit once they own no task), and all of them when berthd stops.
import { randomUUID } from 'node:crypto';
import type { task } from '@berth/api';
import type { BerthClient } from '@berth/kit';

import type { ComponentClients } from '../components/component-clients';
import type { ShimLauncher } from '../components/shim-launcher';

const IDLE_MS = 30_000;

export interface LeasedShim {
  task: BerthClient<task.v1.TaskClient>;
  release(): void;
}

interface IdleShim {
  socket: string;
  timer: NodeJS.Timeout;
}

export class BuildShimPool {
  private readonly idle: IdleShim[] = [];
  private readonly running = new Set<string>();
  private readonly starting: Promise<string>[] = [];
  private closed = false;

  constructor(
    private readonly shims: ShimLauncher,
    private readonly clients: ComponentClients,
  ) {}

  /**
   * Starts shims in the background until `count` are idle or starting, so a build's first RUN
   * steps do not wait for a shim start (a Node process start) after its context arrived.
   */
  prewarm(count: number): void {
    while (!this.closed && this.idle.length + this.starting.length < count) {
      const started = this.start();
      this.starting.push(started);
      started.catch(() => undefined); // reported to the step that takes it
    }
  }

  /** A shim for one step, started if none is free; `release` once the step's task is deleted. */
  async acquire(): Promise<LeasedShim> {
    const reused = this.idle.pop();
    let socket: string;
    if (reused !== undefined) {
      clearTimeout(reused.timer);
      socket = reused.socket;
    } else {
      socket = await (this.starting.shift() ?? this.start());
    }
    return { task: this.clients.task(socket), release: () => this.release(socket) };
  }

  private async start(): Promise<string> {
    const group = `build-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const socket = await this.shims.start(`${group}-keeper`, { group });
    this.running.add(socket);
    return socket;
  }

  private release(socket: string): void {
    if (this.closed) {
      void this.shutDown(socket);
      return;
    }
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((shim) => shim.socket === socket);
      if (index >= 0) this.idle.splice(index, 1);
      void this.shutDown(socket);
    }, IDLE_MS);
    timer.unref();
    this.idle.push({ socket, timer });
  }

  private async shutDown(socket: string): Promise<void> {
    this.running.delete(socket);
    await this.clients
      .task(socket)
      .call.shutdown({ now: false })
      .catch(() => undefined);
    this.clients.dropTask(socket);
  }

  /** Shuts every idle shim down; those still running a step follow when it ends. */
  async close(): Promise<void> {
    this.closed = true;
    for (const started of this.starting.splice(0)) {
      const socket = await started.catch(() => undefined);
      if (socket !== undefined) await this.shutDown(socket);
    }
    for (const shim of this.idle.splice(0)) {
      clearTimeout(shim.timer);
      await this.shutDown(shim.socket);
    }
  }
}
