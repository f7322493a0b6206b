// Typed client factories, one per service: each later service adds one function here.
import { connectUnix, type ConnectOptions } from './connect';
import { HealthClient } from './gen/berth/health/v1/health';
import { ContainersClient } from './gen/berth/engine/v1/containers';
import { ImagesClient } from './gen/berth/engine/v1/images';
import { NetworksClient } from './gen/berth/engine/v1/networks';
import { SystemClient } from './gen/berth/engine/v1/system';
import { VolumesClient } from './gen/berth/engine/v1/volumes';
import { TaskClient } from './gen/berth/task/v1/task';
import { NetworkClient } from './gen/berth/network/v1/network';

/** Client of berth.health.v1.Health, served by every Berth daemon on its socket. */
export function createHealthClient(socketPath: string, options?: ConnectOptions): HealthClient {
  return connectUnix(HealthClient, socketPath, options);
}

/** Client of berth.task.v1.Task, served by berth-shim on its socket. */
export function createTaskClient(socketPath: string, options?: ConnectOptions): TaskClient {
  return connectUnix(TaskClient, socketPath, options);
}

/** Client of berth.network.v1.Network, served by berth-network (/run/berth/network.sock by default). */
export function createNetworkClient(socketPath: string, options?: ConnectOptions): NetworkClient {
  return connectUnix(NetworkClient, socketPath, options);
}

/** Clients of every berth.engine.v1 service, sharing berthd's socket. */
export interface EngineClient {
  containers: ContainersClient;
  volumes: VolumesClient;
  images: ImagesClient;
  networks: NetworksClient;
  system: SystemClient;
  /** Closes every client. */
  close(): void;
}

/** Clients of berthd's services (berth.engine.v1) on its socket, /run/berth/engine.sock by default. */
export function createEngineClient(socketPath: string, options?: ConnectOptions): EngineClient {
  const clients = {
    containers: connectUnix(ContainersClient, socketPath, options),
    volumes: connectUnix(VolumesClient, socketPath, options),
    images: connectUnix(ImagesClient, socketPath, options),
    networks: connectUnix(NetworksClient, socketPath, options),
    system: connectUnix(SystemClient, socketPath, options),
  };
  return { ...clients, close: () => Object.values(clients).forEach((client) => client.close()) };
}
