// berth.engine.v1.Volumes over the local volume store.
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { engine } from '@berth/api';
import type { EventBus } from '../engine/event-bus';
import type { VolumeRecord } from '../volumes/volume-record';
import type { VolumeStore } from '../volumes/volume-store';

type Unary<Req> = ServerUnaryCall<Req, unknown>;

export function volumesService(volumes: VolumeStore, usersOf: (name: string) => string[], events: EventBus) {
  const message = (record: VolumeRecord, size = -1): engine.v1.Volume => ({
    name: record.name,
    driver: 'local',
    mountpoint: volumes.dataPath(record.name),
    createdAt: new Date(record.createdAt),
    labels: { ...record.labels },
    options: Object.fromEntries(Object.entries(record.options ?? {}).filter(([, value]) => value !== '')),
    scope: 'local',
    anonymous: record.anonymous,
    usedBy: usersOf(record.name),
    size,
  });

  return {
    async createVolume(call: Unary<engine.v1.CreateVolumeRequest>): Promise<engine.v1.CreateVolumeResponse> {
      const { name, driver, driverOpts, labels } = call.request;
      const existed = name !== '' && (await volumes.find(name)) !== undefined;
      const record = await volumes.create({ name, driver, driverOpts, labels });
      if (!existed) events.publish('volume', 'create', record.name, { driver: 'local' });
      return { volume: message(record) };
    },

    async listVolumes(call: Unary<engine.v1.ListVolumesRequest>): Promise<engine.v1.ListVolumesResponse> {
      return { volumes: (await volumes.list(call.request.filters)).map((r) => message(r)), warnings: [] };
    },

    async inspectVolume(
      call: Unary<engine.v1.InspectVolumeRequest>,
    ): Promise<engine.v1.InspectVolumeResponse> {
      const record = await volumes.get(call.request.name);
      return { volume: message(record, await volumes.size(record.name)) };
    },

    async removeVolume(call: Unary<engine.v1.RemoveVolumeRequest>): Promise<engine.v1.RemoveVolumeResponse> {
      const existed = (await volumes.find(call.request.name)) !== undefined;
      await volumes.remove(call.request.name, { force: call.request.force });
      if (existed) events.publish('volume', 'destroy', call.request.name, { driver: 'local' });
      return {};
    },

    async pruneVolumes(call: Unary<engine.v1.PruneVolumesRequest>): Promise<engine.v1.PruneVolumesResponse> {
      const { removed, bytes } = await volumes.prune({
        all: call.request.all,
        filters: call.request.filters,
      });
      for (const name of removed) events.publish('volume', 'destroy', name, { driver: 'local' });
      return { volumesDeleted: removed, spaceReclaimed: bytes };
    },
  };
}
