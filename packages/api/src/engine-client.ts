// The client of berthd's services (berth.engine.v1), in a module of its own so a program that
// talks only to berthd (the berth CLI's bundle) does not carry every other service's code.
import { connectUnix, type ConnectOptions } from './connect';
import { ContainersClient } from './gen/berth/engine/v1/containers';
import { ImagesClient } from './gen/berth/engine/v1/images';
import { NetworksClient } from './gen/berth/engine/v1/networks';
import { SystemClient } from './gen/berth/engine/v1/system';
import { VolumesClient } from './gen/berth/engine/v1/volumes';

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

/**
 * Clients of berthd's services on its socket, /run/berth/engine.sock by default. They share one
 * channel: a short-lived CLI sets up one connection, not five.
 */
export function createEngineClient(socketPath: string, options?: ConnectOptions): EngineClient {
  const containers = connectUnix(ContainersClient, socketPath, options);
  const shared: ConnectOptions = {
    ...options,
    channelOptions: { ...options?.channelOptions, channelOverride: containers.getChannel() },
  };
  return {
    containers,
    volumes: connectUnix(VolumesClient, socketPath, shared),
    images: connectUnix(ImagesClient, socketPath, shared),
    networks: connectUnix(NetworksClient, socketPath, shared),
    system: connectUnix(SystemClient, socketPath, shared),
    close: () => containers.close(),
  };
}
