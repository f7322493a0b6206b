// berth.engine.v1.System: info, version, disk usage, prune, events.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { engine, health } from '@berth/api';
import { dial } from '@berth/kit';
import { hostPlatform } from '@berth/oci';
import type { ComponentClients } from '../components/component-clients';
import { pruneMatcher } from '../inspect/prune-filters';
import type { ContainerLifecycle } from '../engine/container-lifecycle';
import type { ContainerRegistry } from '../engine/container-registry';
import type { EngineEvent, EventBus, EventType } from '../engine/event-bus';
import type { VolumeStore } from '../volumes/volume-store';
import { ENGINE_VERSION } from '../daemon/version';

type Unary<Req> = ServerUnaryCall<Req, unknown>;
const v1 = engine.v1;

const EVENT_TYPES: Record<EventType, engine.v1.EventObjectType> = {
  container: v1.EventObjectType.EVENT_OBJECT_TYPE_CONTAINER,
  image: v1.EventObjectType.EVENT_OBJECT_TYPE_IMAGE,
  network: v1.EventObjectType.EVENT_OBJECT_TYPE_NETWORK,
  volume: v1.EventObjectType.EVENT_OBJECT_TYPE_VOLUME,
};

export interface SystemDeps {
  registry: ContainerRegistry;
  lifecycle: ContainerLifecycle;
  volumes: VolumeStore;
  events: EventBus;
  clients: ComponentClients;
  /** Stable engine id. */
  engineId: string;
  root: string;
  /** Component daemons to report: name -> socket. */
  components: Record<string, string>;
}

async function componentStatus(name: string, socket: string): Promise<engine.v1.ComponentStatus> {
  const client = dial(health.v1.HealthClient, socket, { component: name, deadlineMs: 2000 });
  try {
    const version = await client.call.version({});
    return { name, socket, running: true, version: version.version, error: '' };
  } catch (err) {
    return { name, socket, running: false, version: '', error: (err as Error).message };
  } finally {
    client.close();
  }
}

async function osName(): Promise<string> {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(await readFile('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}

function eventMessage(event: EngineEvent): engine.v1.EventsResponse {
  return {
    type: EVENT_TYPES[event.type],
    action: event.action,
    actor: { id: event.id, attributes: event.attributes },
    time: new Date(event.time),
  };
}

export function systemService(deps: SystemDeps) {
  const components = () =>
    Promise.all(Object.entries(deps.components).map(([name, socket]) => componentStatus(name, socket)));
  return {
    async info(): Promise<engine.v1.InfoResponse> {
      const records = deps.registry.all();
      const count = (test: (s: string) => boolean) => records.filter((r) => test(r.state.status)).length;
      return {
        id: deps.engineId,
        containers: records.length,
        containersRunning: count((s) => s === 'running' || s === 'restarting'),
        containersPaused: count((s) => s === 'paused'),
        containersStopped: count((s) => s === 'created' || s === 'exited' || s === 'dead'),
        images: await deps.clients.images.call
          .list({ name: '' })
          .then((r) => r.images.length)
          .catch(() => 0),
        driver: 'overlay2',
        rootDir: deps.root,
        cgroupVersion: existsSync('/sys/fs/cgroup/cgroup.controllers') ? '2' : '1',
        kernelVersion: release(),
        operatingSystem: await osName(),
        architecture: arch() === 'x64' ? 'x86_64' : arch(),
        ncpu: cpus().length,
        memTotal: totalmem(),
        name: hostname(),
        serverVersion: ENGINE_VERSION,
        components: await components(),
        defaultRuntime: 'berth-runtime',
        warnings: [],
      };
    },

    async version(): Promise<engine.v1.VersionResponse> {
      return {
        version: ENGINE_VERSION,
        apiVersion: 'berth.engine.v1',
        nodeVersion: process.version,
        os: 'linux',
        arch: hostPlatform().architecture,
        kernelVersion: release(),
        components: await components(),
      };
    },

    async diskUsage(): Promise<engine.v1.DiskUsageResponse> {
      const volumes = await deps.volumes.list();
      const [listed, usage] = await Promise.all([
        deps.clients.images.call.list({ name: '' }),
        deps.clients.images.call.usage({}),
      ]);
      const sizes = new Map(usage.images.map((u) => [u.name, u.unpackedSize]));
      // A container's writable layer is its snapshot, keyed by the container id.
      const writable = new Map(usage.snapshots.map((snapshot) => [snapshot.key, snapshot.size]));
      const records = deps.registry.all();
      return {
        layersSize: usage.snapshots.reduce((total, snapshot) => total + snapshot.size, 0),
        images: listed.images.map((image) => ({
          id: image.target?.digest ?? '',
          repoTags: [image.name],
          size: sizes.get(image.name) ?? image.size,
          sharedSize: 0,
          containers: records.filter((r) => r.imageName === image.name).length,
          ...(image.created ? { created: image.created } : {}),
        })),
        containers: deps.registry.all().map((r) => ({
          id: r.id,
          names: [`/${r.name}`],
          image: r.settings.image,
          sizeRw: writable.get(r.id) ?? 0,
          state: r.state.status,
          created: new Date(r.created),
        })),
        volumes: await Promise.all(
          volumes.map(async (v) => ({
            name: v.name,
            size: await deps.volumes.size(v.name),
            refCount: deps.registry.volumeUsers(v.name).length,
          })),
        ),
      };
    },

    async pruneSystem(call: Unary<engine.v1.PruneSystemRequest>): Promise<engine.v1.PruneSystemResponse> {
      const matches = pruneMatcher(call.request.filters, 'system prune');
      const containersDeleted: string[] = [];
      for (const record of deps.registry.all()) {
        if (!['created', 'exited', 'dead'].includes(record.state.status)) continue;
        if (!matches(Date.parse(record.created), record.settings.labels)) continue;
        containersDeleted.push(await deps.lifecycle.remove(record.id, { force: false, volumes: false }));
      }
      const volumes = call.request.volumes
        ? await deps.volumes.prune({ filters: call.request.filters.filter((f) => f.key !== 'until') })
        : { removed: [], bytes: 0 };
      const networks = await deps.clients.network.call.pruneNetworks({});
      const images = await deps.clients.images.call.prune({ all: call.request.all });
      return {
        containersDeleted,
        networksDeleted: networks.removed,
        imagesDeleted: images.removedImages,
        volumesDeleted: volumes.removed,
        spaceReclaimed: volumes.bytes + images.reclaimedBytes,
      };
    },

    async events(call: ServerWritableStream<engine.v1.EventsRequest, engine.v1.EventsResponse>) {
      const until = call.request.until?.getTime();
      await new Promise<void>((resolve) => {
        let unsubscribe: () => void = () => undefined;
        const finish = () => {
          unsubscribe();
          resolve();
        };
        unsubscribe = deps.events.subscribe(
          {
            ...(call.request.since ? { since: call.request.since.getTime() } : {}),
            filters: call.request.filters,
          },
          (event) => {
            if (until !== undefined && event.time >= until) return finish();
            call.write(eventMessage(event));
          },
        );
        call.on('cancelled', finish);
        if (until !== undefined) setTimeout(finish, Math.max(0, until - Date.now())).unref();
      });
      call.end();
    },
  };
}
