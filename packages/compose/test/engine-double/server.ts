// A real grpc-js server on a unix socket that implements berthd's engine API (berth.engine.v1,
// from the generated definitions) in memory: a test double of the engine's API contract, so
// compose's commands run end to end over gRPC without root, kernels or the other daemons.
import { engine } from '@berth/api';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerStore } from './containers';
import { ResourceStore } from './resources';

export interface EngineDouble {
  socket: string;
  /** A scratch directory: the double's processes run here, tests may write compose files here. */
  dir: string;
  containers: ContainerStore;
  resources: ResourceStore;
  stop(): Promise<void>;
}

export async function startEngineDouble(): Promise<EngineDouble> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-compose-'));
  const socket = join(dir, 'engine.sock');
  const resources = new ResourceStore();
  const containers = new ContainerStore(resources, dir);
  const server = new Server();
  const add = (definition: object, implementation: object) =>
    server.addService(definition as never, implementation as UntypedServiceImplementation);
  add(engine.v1.ContainersService, containers.service());
  add(engine.v1.NetworksService, resources.networksService());
  add(engine.v1.VolumesService, resources.volumesService());
  add(engine.v1.ImagesService, resources.imagesService());
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socket}`, ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  return {
    socket,
    dir,
    containers,
    resources,
    stop: async () => {
      await containers.killAll();
      server.forceShutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
