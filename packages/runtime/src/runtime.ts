import type { LinuxResources, Process, Spec } from './oci';
import type { RuntimeContext } from './lifecycle/context';
import { createContainer, type CreateOptions, type CreatedContainer } from './lifecycle/create';
import { deleteContainer } from './lifecycle/delete';
import { execInContainer, type ExecOptions, type ExecProcess } from './lifecycle/exec';
import { pauseContainer, resumeContainer } from './lifecycle/freezer';
import {
  containerPids,
  containerState,
  containerStats,
  listContainers,
  updateContainer,
  watchContainerOom,
} from './lifecycle/inspect';
import { killContainer } from './lifecycle/kill';
import { runContainer, type RunOptions } from './lifecycle/run';
import { parseSignal } from './lifecycle/signals';
import { startContainer } from './lifecycle/start';
import type { StateOutput } from './state/status';
import { StateStore } from './state/state-store';

export interface RuntimeOptions {
  /** State directory (runc's --root); default /run/berth/runtime. */
  root?: string;
  systemdCgroup?: boolean;
  rootless?: boolean;
  /** Where warnings go (failed poststart/poststop hooks, cleanup leftovers). */
  warn?: (message: string) => void;
}

/**
 * The runtime as a library: the operations of runc's command line, in-process. Every method
 * takes the container id; state lives under `root`, so separate instances (or processes)
 * with the same root see the same containers.
 */
export class Runtime {
  private readonly ctx: RuntimeContext;

  constructor(options: RuntimeOptions = {}) {
    this.ctx = {
      store: new StateStore(options.root),
      systemdCgroup: options.systemdCgroup ?? false,
      rootless: options.rootless ?? false,
      warn: options.warn ?? ((message) => process.emitWarning(message)),
    };
  }

  get root(): string {
    return this.ctx.store.root;
  }

  create(id: string, options: CreateOptions): Promise<CreatedContainer> {
    return createContainer(this.ctx, id, options);
  }

  start(id: string): Promise<void> {
    return startContainer(this.ctx, id);
  }

  state(id: string): StateOutput {
    return containerState(this.ctx, id);
  }

  /** The config.json the container was created from (exec builds on its process). */
  config(id: string): Spec {
    return this.ctx.store.load(id).config;
  }

  /** signal: a number or a name with or without SIG (default SIGTERM). */
  kill(id: string, signal: number | string = 'SIGTERM', all = false): Promise<void> {
    return killContainer(this.ctx, id, typeof signal === 'number' ? signal : parseSignal(signal), all);
  }

  delete(id: string, force = false): Promise<void> {
    return deleteContainer(this.ctx, id, force);
  }

  run(id: string, options: RunOptions): Promise<number> {
    return runContainer(this.ctx, id, options);
  }

  exec(id: string, proc: Process, options: ExecOptions = {}): Promise<ExecProcess> {
    return execInContainer(this.ctx, id, proc, options);
  }

  pause(id: string): Promise<void> {
    return pauseContainer(this.ctx, id);
  }

  resume(id: string): Promise<void> {
    return resumeContainer(this.ctx, id);
  }

  update(id: string, resources: LinuxResources): Promise<void> {
    return updateContainer(this.ctx, id, resources);
  }

  pids(id: string): number[] {
    return containerPids(this.ctx, id);
  }

  stats(id: string): unknown {
    return containerStats(this.ctx, id);
  }

  /** OOM kills in the container, as they happen (runc's `events` "oom"); returns stop(). */
  watchOom(id: string, onOom: () => void): () => void {
    return watchContainerOom(this.ctx, id, onOom);
  }

  list(): StateOutput[] {
    return listContainers(this.ctx);
  }
}
