// Assembles berthd: stores, clients, life cycle and services, served on the engine socket.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { release } from 'node:os';
import { engine } from '@berth/api';
import { startServer, type Logger, type ServerHandle } from '@berth/kit';
import { ComponentClients, type ComponentSockets } from '../components/component-clients';
import { ShimLauncher, type ShimGrouping } from '../components/shim-launcher';
import { ContainerChanges } from '../engine/container-changes';
import { ContainerCreator } from '../engine/container-creator';
import { ContainerLifecycle } from '../engine/container-lifecycle';
import type { LifecycleDeps } from '../engine/container-operation';
import { ContainerRegistry } from '../engine/container-registry';
import { EventBus } from '../engine/event-bus';
import { buildHandlers } from '../build';
import { ImageResolver } from '../engine/image-resolver';
import { NetworkSetup } from '../engine/network-setup';
import { ProcessSessions } from '../engine/process-sessions';
import { HealthMonitor } from '../health/health-monitor';
import { execProber } from '../health/probe';
import { shouldStartWithEngine } from '../restart/restart-decision';
import { RestartScheduler } from '../restart/restart-scheduler';
import { containerIoService } from '../service/container-io-service';
import { containersService } from '../service/containers-service';
import { imagesService } from '../service/images-service';
import { networksService } from '../service/networks-service';
import { systemService } from '../service/system-service';
import { volumesService } from '../service/volumes-service';
import { ContainerStore } from '../state/container-store';
import { VolumeStore } from '../volumes/volume-store';
import { boundingCapabilities } from './bounding-capabilities';
import { loadEngineId } from './engine-id';
import { ENGINE_VERSION } from './version';

export interface EngineDaemonOptions {
  /** Engine state: containers/, volumes/. */
  root: string;
  /** Runtime directory shared with the shims. */
  run: string;
  socket: string;
  components: ComponentSockets;
  shimBinary: string;
  /** Which containers share a berth-shim (default shared). */
  shimGrouping?: ShimGrouping;
  /** Containers per shared shim (default 50). */
  maxPerShim?: number;
  initBinary: string;
  defaultNetwork: string;
  /** json-file log rotation handed to the shims; none by default. */
  logRotation?: { maxSize: number; maxFiles: number };
  log: Logger;
  logLevel?: string;
  handleSignals?: boolean;
}

export interface EngineDaemon {
  server: ServerHandle;
  close(): Promise<void>;
}

export async function startEngineDaemon(options: EngineDaemonOptions): Promise<EngineDaemon> {
  const { log } = options;
  const engineId = await loadEngineId(options.root);
  const registry = new ContainerRegistry(new ContainerStore(join(options.root, 'containers')));
  await registry.load();
  const volumes = new VolumeStore(join(options.root, 'volumes'), (name) => registry.volumeUsers(name));
  const clients = new ComponentClients(options.components);
  const events = new EventBus();
  const scheduler = new RestartScheduler();
  const images = new ImageResolver(clients);
  const grantable = await boundingCapabilities();
  const deps: LifecycleDeps = {
    registry,
    volumes,
    clients,
    images,
    network: new NetworkSetup(clients, options.defaultNetwork),
    shims: new ShimLauncher({
      binary: options.shimBinary,
      runDir: options.run,
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.shimGrouping ? { grouping: options.shimGrouping } : {}),
      ...(options.maxPerShim ? { maxPerShim: options.maxPerShim } : {}),
      task: (socket) => clients.task(socket),
    }),
    scheduler,
    events,
    log,
    host: { arch: process.arch, kernel: release(), ...(grantable ? { capabilities: grantable } : {}) },
    initBinary: options.initBinary !== '' && existsSync(options.initBinary) ? options.initBinary : '',
    logRotation: options.logRotation ?? { maxSize: 0, maxFiles: 1 },
  };
  const lifecycle = new ContainerLifecycle(deps);
  const changes = new ContainerChanges(deps);
  const sessions = new ProcessSessions(registry, clients, events, grantable);
  const healthMonitor = new HealthMonitor(registry, events, execProber(sessions, clients), log);
  healthMonitor.follow();

  const builds = buildHandlers({ ...deps, root: options.root });
  const server = await startServer({
    socketPath: options.socket,
    component: 'engine',
    version: ENGINE_VERSION,
    logger: log,
    handleSignals: options.handleSignals ?? true,
    services: [
      {
        definition: engine.v1.ContainersService,
        implementation: {
          ...containersService(lifecycle, new ContainerCreator(deps), registry, clients),
          ...containerIoService(changes, registry, sessions, clients),
        },
      },
      {
        definition: engine.v1.VolumesService,
        implementation: volumesService(volumes, (n) => registry.volumeUsers(n), events),
      },
      {
        definition: engine.v1.ImagesService,
        implementation: {
          ...imagesService(clients, images, registry, events),
          ...builds.handlers,
        },
      },
      { definition: engine.v1.NetworksService, implementation: networksService(clients, events, changes) },
      {
        definition: engine.v1.SystemService,
        implementation: systemService({
          registry,
          lifecycle,
          volumes,
          events,
          clients,
          engineId,
          root: options.root,
          components: {
            'berth-images': options.components.images,
            'berth-network': options.components.network,
          },
        }),
      },
    ],
  });
  // Recovery runs in the background: calls are served meanwhile, each container under its lock.
  void lifecycle
    .recover((record) => shouldStartWithEngine(record.settings.restartPolicy, record.manuallyStopped))
    .catch((err) => log.error({ err }, 'recovery failed'))
    .then(() => healthMonitor.resumeRunning());

  return {
    server,
    async close() {
      lifecycle.shutdown();
      healthMonitor.close();
      await server.close();
      await builds.close();
      await deps.shims.close();
      clients.close();
    },
  };
}
