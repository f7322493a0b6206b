// What every container operation shares: the engine's parts, and container events in
// docker's shape (name, image and labels as attributes).
import type { Logger } from '@berth/kit';
import type { ComponentClients } from '../components/component-clients';
import type { ShimLauncher } from '../components/shim-launcher';
import type { RestartScheduler } from '../restart/restart-scheduler';
import type { HostFacts } from '../spec/custom-seccomp';
import type { ContainerRecord } from '../state/container-record';
import type { VolumeStore } from '../volumes/volume-store';
import type { ContainerRegistry } from './container-registry';
import type { EventBus } from './event-bus';
import type { ImageResolver } from './image-resolver';
import type { NetworkSetup } from './network-setup';

export interface LifecycleDeps {
  registry: ContainerRegistry;
  volumes: VolumeStore;
  clients: ComponentClients;
  images: ImageResolver;
  network: NetworkSetup;
  shims: ShimLauncher;
  scheduler: RestartScheduler;
  events: EventBus;
  log: Logger;
  host: HostFacts;
  /** Static init binary for --init; '' when none is installed. */
  initBinary: string;
  /** json-file log rotation: bytes per file (0 = never) and files kept. */
  logRotation: { maxSize: number; maxFiles: number };
}

export abstract class ContainerOperation {
  constructor(protected readonly deps: LifecycleDeps) {}

  protected get registry() {
    return this.deps.registry;
  }

  protected publish(record: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    this.deps.events.publish('container', action, record.id, {
      name: record.name,
      image: record.settings.image,
      ...record.settings.labels,
      ...extra,
    });
  }
}
