// Networks, volumes and images of the engine double: in-memory records with the engine API's
// naming, conflict and in-use rules.
import { engine } from '@berth/api';
import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { alreadyExists, failedPrecondition, labelMatches, matchesFilters, notFound } from './status';

type Unary<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

export class ResourceStore {
  readonly networks = new Map<string, engine.v1.NetworkSummary>();
  readonly volumes = new Map<string, engine.v1.Volume>();
  readonly images = new Map<string, engine.v1.ImageSummary>();
  /** Names of networks and volumes in use, supplied by the container store. */
  inUse: (kind: 'network' | 'volume', name: string) => boolean = () => false;

  constructor() {
    this.networks.set(
      'bridge',
      engine.v1.NetworkSummary.fromPartial({ id: 'bridge', name: 'bridge', driver: 'bridge' }),
    );
  }

  addImage(reference: string): void {
    const tag = reference.includes(':') ? reference : `${reference}:latest`;
    const id = `sha256:${Buffer.from(tag).toString('hex').padEnd(64, '0').slice(0, 64)}`;
    this.images.set(
      tag,
      engine.v1.ImageSummary.fromPartial({ id, repoTags: [tag], size: 1_000_000, created: new Date() }),
    );
  }

  hasImage(reference: string): boolean {
    return this.images.has(reference.includes(':') ? reference : `${reference}:latest`);
  }

  networksService(): Partial<engine.v1.NetworksServer> {
    const create: Unary<engine.v1.CreateNetworkRequest, engine.v1.CreateNetworkResponse> = (
      { request },
      callback,
    ) => {
      if (this.networks.has(request.name)) return callback(alreadyExists(`network ${request.name}`));
      const id = `net-${this.networks.size}-${request.name}`;
      this.networks.set(
        request.name,
        engine.v1.NetworkSummary.fromPartial({
          id,
          name: request.name,
          driver: request.driver || 'bridge',
          internal: request.internal,
          labels: request.labels,
          subnet: request.subnet,
          created: new Date(),
        }),
      );
      callback(null, { id, warnings: [] });
    };
    const list: Unary<engine.v1.ListNetworksRequest, engine.v1.ListNetworksResponse> = (
      { request },
      callback,
    ) => {
      const networks = [...this.networks.values()].filter((network) =>
        matchesFilters(request.filters, (key, value) =>
          key === 'label'
            ? labelMatches(network.labels, value)
            : key === 'name'
              ? network.name === value
              : false,
        ),
      );
      callback(null, { networks });
    };
    const remove: Unary<engine.v1.RemoveNetworkRequest, engine.v1.RemoveNetworkResponse> = (
      { request },
      callback,
    ) => {
      if (!this.networks.delete(request.name)) return callback(notFound(`network ${request.name}`));
      callback(null, {});
    };
    const guardedRemove: typeof remove = (call, callback) => {
      if (this.inUse('network', call.request.name))
        return callback(failedPrecondition(`network ${call.request.name} is in use`));
      remove(call, callback);
    };
    return { createNetwork: create, listNetworks: list, removeNetwork: guardedRemove };
  }

  volumesService(): Partial<engine.v1.VolumesServer> {
    return {
      createVolume: ({ request }, callback) => {
        callback(null, { volume: this.ensureVolume(request.name, request.labels) });
      },
      listVolumes: ({ request }, callback) => {
        const volumes = [...this.volumes.values()].filter((volume) =>
          matchesFilters(request.filters, (key, value) =>
            key === 'label'
              ? labelMatches(volume.labels, value)
              : key === 'name'
                ? volume.name === value
                : false,
          ),
        );
        callback(null, { volumes, warnings: [] });
      },
      removeVolume: ({ request }, callback) => {
        if (this.inUse('volume', request.name))
          return callback(failedPrecondition(`volume ${request.name} is in use`));
        if (!this.volumes.delete(request.name) && !request.force)
          return callback(notFound(`volume ${request.name}`));
        callback(null, {});
      },
    };
  }

  /** Docker's create-volume is idempotent for an existing name. */
  ensureVolume(name: string, labels: Record<string, string> = {}): engine.v1.Volume {
    const existing = this.volumes.get(name);
    if (existing) return existing;
    const volume = engine.v1.Volume.fromPartial({
      name,
      driver: 'local',
      labels,
      scope: 'local',
      createdAt: new Date(),
    });
    this.volumes.set(name, volume);
    return volume;
  }

  imagesService(): Partial<engine.v1.ImagesServer> {
    return {
      pullImage: (call: ServerWritableStream<engine.v1.PullImageRequest, engine.v1.PullImageResponse>) => {
        const reference = call.request.reference;
        if (reference.startsWith('missing/')) {
          call.emit('error', notFound(`image ${reference}`));
          return;
        }
        this.addImage(reference);
        call.write({
          progress: {
            id: '',
            status: `Status: Downloaded newer image for ${reference}`,
            current: 0,
            total: 0,
          },
          imageId: '',
        });
        call.end();
      },
      pushImage: (call: ServerWritableStream<engine.v1.PushImageRequest, engine.v1.PushImageResponse>) => {
        if (!this.hasImage(call.request.reference)) {
          call.emit('error', notFound(`image ${call.request.reference}`));
          return;
        }
        call.write({ progress: { id: '', status: 'Pushed', current: 0, total: 0 }, digest: 'sha256:0' });
        call.end();
      },
      listImages: (_call, callback) => callback(null, { images: [...this.images.values()] }),
      removeImage: ({ request }, callback) => {
        const tag = request.name.includes(':') ? request.name : `${request.name}:latest`;
        if (!this.images.delete(tag)) return callback(notFound(`image ${request.name}`));
        callback(null, { untagged: [tag], deleted: [] });
      },
    };
  }
}
