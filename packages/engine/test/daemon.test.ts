// berthd over its real gRPC socket, with the component daemons absent: volumes, system calls,
// events, and creates that must fail cleanly leaving nothing behind.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { createLogger, dial, type BerthClient } from '@berth/kit';
import { startEngineDaemon, type EngineDaemon } from '../src/index';
import { collect } from './support/collect';

describe('berthd without its component daemons', () => {
  let dir: string;
  let daemon: EngineDaemon;
  let volumes: BerthClient<engine.v1.VolumesClient>;
  let containers: BerthClient<engine.v1.ContainersClient>;
  let system: BerthClient<engine.v1.SystemClient>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-engine-daemon-'));
    daemon = await startEngineDaemon({
      root: join(dir, 'root'),
      run: join(dir, 'run'),
      socket: join(dir, 'engine.sock'),
      components: { images: join(dir, 'images.sock'), network: join(dir, 'network.sock') },
      shimBinary: 'berth-shim',
      initBinary: '',
      defaultNetwork: 'berth0',
      log: createLogger({ component: 'engine-test', level: 'fatal' }),
      handleSignals: false,
    });
    const socket = join(dir, 'engine.sock');
    volumes = dial(engine.v1.VolumesClient, socket, { component: 'berthd' });
    containers = dial(engine.v1.ContainersClient, socket, { component: 'berthd' });
    system = dial(engine.v1.SystemClient, socket, { component: 'berthd' });
  });

  afterAll(async () => {
    for (const client of [volumes, containers, system]) client?.close();
    await daemon?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('manages volumes and refuses unknown ones', async () => {
    const created = await volumes.call.createVolume(
      engine.v1.CreateVolumeRequest.fromPartial({ name: 'data', labels: { a: 'b' } }),
    );
    expect(created.volume).toMatchObject({
      name: 'data',
      driver: 'local',
      labels: { a: 'b' },
      mountpoint: join(dir, 'root', 'volumes', 'data', '_data'),
    });
    const listed = await volumes.call.listVolumes(engine.v1.ListVolumesRequest.fromPartial({}));
    expect(listed.volumes.map((v) => v.name)).toEqual(['data']);
    expect((await volumes.call.inspectVolume({ name: 'data' })).volume?.size).toBe(0);
    await volumes.call.removeVolume({ name: 'data', force: false });
    await expect(volumes.call.inspectVolume({ name: 'data' })).rejects.toMatchObject({
      code: 'NotFound',
      message: expect.stringContaining('no such volume: data'),
    });
  });

  it('reports its version and that the components are down', async () => {
    expect((await system.call.version({})).apiVersion).toBe('berth.engine.v1');
    const info = await system.call.info({});
    expect(info.containers).toBe(0);
    expect(info.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.components.map((c) => [c.name, c.running])).toEqual([
      ['berth-images', false],
      ['berth-network', false],
    ]);
    expect(info.components[0].error).toContain(`berth-images is not running at ${join(dir, 'images.sock')}`);
  });

  it('fails a create clearly when berth-images is down, leaving nothing behind', async () => {
    const create = () =>
      collect(
        containers.raw.createContainer(
          engine.v1.CreateContainerRequest.fromPartial({ name: 'web', config: { image: 'busybox' } }),
        ),
      );
    await expect(create()).rejects.toMatchObject({
      code: status.UNAVAILABLE,
      details: expect.stringContaining(`berth-images is not running at ${join(dir, 'images.sock')}`),
    });
    const list = await containers.call.listContainers(
      engine.v1.ListContainersRequest.fromPartial({ all: true }),
    );
    expect(list.containers).toEqual([]);
    expect(await readdir(join(dir, 'root', 'containers'))).toEqual([]);
    // The name was released with everything else: the same create fails the same way.
    await expect(create()).rejects.toMatchObject({ code: status.UNAVAILABLE });
  });

  it('rejects bad create input before doing anything', async () => {
    const create = (name: string, config: Partial<engine.v1.ContainerConfig>) =>
      collect(containers.raw.createContainer(engine.v1.CreateContainerRequest.fromPartial({ name, config })));
    await expect(create('x', { image: 'busybox', binds: ['vol:relative'] })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('must be absolute'),
    });
    await expect(create('-x', { image: 'busybox' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('not a valid container name'),
    });
  });

  it('consumes a copy upload before answering about an unknown container', async () => {
    const error = await new Promise<unknown>((done) => {
      const upload = containers.raw.copyToContainer((err) => done(err));
      upload.write({
        content: { $case: 'header', header: { id: 'ghost', path: '/', noOverwriteDirNonDir: false } },
      });
      upload.write({ content: { $case: 'data', data: Buffer.from('x') } });
      upload.end();
    });
    expect(error).toMatchObject({ code: status.NOT_FOUND });
  });

  it('answers NOT_FOUND for unknown containers', async () => {
    await expect(containers.call.inspectContainer({ id: 'nope' })).rejects.toMatchObject({
      code: 'NotFound',
      message: expect.stringContaining('no such container: nope'),
    });
  });

  it('streams events, replaying the recent past', async () => {
    const since = new Date(Date.now() - 60_000);
    await volumes.call.createVolume(engine.v1.CreateVolumeRequest.fromPartial({ name: 'evented' }));
    const stream = system.raw.events(
      engine.v1.EventsRequest.fromPartial({
        since,
        until: new Date(Date.now() + 300),
        filters: [{ key: 'type', value: 'volume' }],
      }),
    );
    const events = await collect(stream);
    expect(events.map((e) => `${e.action}:${e.actor?.id}`)).toEqual(
      expect.arrayContaining(['create:data', 'destroy:data', 'create:evented']),
    );
  });
});
