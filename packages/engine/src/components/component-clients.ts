// The engine's gRPC clients of the daemons it drives. Channels connect lazily, so a daemon that
// is down fails only the calls that need it ("berth-images is not running at <socket>") and
// they work again once it is back.
import { images, network, task } from '@berth/api';
import { dial, type BerthClient } from '@berth/kit';

export interface ComponentSockets {
  images: string;
  network: string;
}

/**
 * Reconnect quickly once a daemon is back: grpc-js backs off up to two minutes by default, and
 * until its next attempt every call would still fail although the daemon answers again.
 */
const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1000,
};

export class ComponentClients {
  readonly images: BerthClient<images.v1.ImagesClient>;
  readonly snapshots: BerthClient<images.v1.SnapshotsClient>;
  readonly network: BerthClient<network.v1.NetworkClient>;
  private readonly tasks = new Map<string, BerthClient<task.v1.TaskClient>>();

  constructor(readonly sockets: ComponentSockets) {
    const options = { channelOptions: CHANNEL_OPTIONS };
    this.images = dial(images.v1.ImagesClient, sockets.images, { component: 'berth-images', ...options });
    this.snapshots = dial(images.v1.SnapshotsClient, sockets.images, {
      component: 'berth-images',
      ...options,
    });
    this.network = dial(network.v1.NetworkClient, sockets.network, {
      component: 'berth-network',
      ...options,
    });
  }

  /** The Task client of the shim listening on `socket` (one per shim, kept open). */
  task(socket: string): BerthClient<task.v1.TaskClient> {
    let client = this.tasks.get(socket);
    if (!client) {
      client = dial(task.v1.TaskClient, socket, { component: 'berth-shim', channelOptions: CHANNEL_OPTIONS });
      this.tasks.set(socket, client);
    }
    return client;
  }

  /** Closes a shim's client once the shim has exited. */
  dropTask(socket: string): void {
    this.tasks.get(socket)?.close();
    this.tasks.delete(socket);
  }

  close(): void {
    this.images.close();
    this.snapshots.close();
    this.network.close();
    for (const client of this.tasks.values()) client.close();
    this.tasks.clear();
  }
}
