// Typed client factories, one per service: each later service adds one function here.
import { connectUnix, type ConnectOptions } from './connect';
import { HealthClient } from './gen/berth/health/v1/health';
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

export { createEngineClient, type EngineClient } from './engine-client';
