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
import { ImagesClient as ImageStoreImagesClient } from './gen/berth/images/v1/images';
import { SnapshotsClient } from './gen/berth/images/v1/snapshots';

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

/** Clients of berth-images' services (berth.images.v1), sharing its socket. */
export interface ImagesServiceClient {
  images: ImageStoreImagesClient;
  snapshots: SnapshotsClient;
  /** Closes both clients. */
  close(): void;
}

/** Clients of berth.images.v1 Images and Snapshots, served by berth-images (/run/berth/images.sock by default). */
export function createImagesClient(socketPath: string, options?: ConnectOptions): ImagesServiceClient {
  const images = connectUnix(ImageStoreImagesClient, socketPath, options);
  const snapshots = connectUnix(SnapshotsClient, socketPath, options);
  return {
    images,
    snapshots,
    close: () => {
      images.close();
      snapshots.close();
    },
  };
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
