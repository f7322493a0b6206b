import { engine } from '@berth/api';
import { berth, startEngineDouble, type EngineDouble } from './engine-double';

describe('image, network, volume and system commands', () => {
  let double: EngineDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it('images lists one row per tag; pull prints plain progress then the full reference', async () => {
    double = await startEngineDouble({
      images: {
        listImages: (_call, callback) =>
          callback(null, {
            images: [
              engine.v1.ImageSummary.fromPartial({
                id: `sha256:${'b'.repeat(64)}`,
                repoTags: ['busybox:latest', 'localhost:5000/busybox:1'],
                created: new Date('2026-11-21T12:00:00Z'),
                size: 4_261_223,
              }),
            ],
          }),
        pullImage: (call) => {
          call.write({
            progress: { id: '', status: 'latest: Pulling from library/busybox', current: 0, total: 0 },
            imageId: '',
          });
          call.write({ progress: { id: 'l1', status: 'Pull complete', current: 0, total: 0 }, imageId: '' });
          call.end();
        },
      },
    });
    expect((await berth(double.socket, ['images'])).stdout).toBe(
      'REPOSITORY               TAG       IMAGE ID       CREATED      SIZE\n' +
        'busybox                  latest    bbbbbbbbbbbb   2 days ago   4.261MB\n' +
        'localhost:5000/busybox   1         bbbbbbbbbbbb   2 days ago   4.261MB\n',
    );
    expect((await berth(double.socket, ['image', 'ls', '-q'])).stdout).toBe('bbbbbbbbbbbb\n');
    expect(await berth(double.socket, ['pull', 'busybox'])).toEqual({
      code: 0,
      stdout: 'latest: Pulling from library/busybox\nl1: Pull complete\ndocker.io/library/busybox:latest\n',
      stderr: '',
    });
  });

  it('network ls and volume ls print docker tables', async () => {
    double = await startEngineDouble({
      networks: {
        listNetworks: (_call, callback) =>
          callback(null, {
            networks: [
              engine.v1.NetworkSummary.fromPartial({
                id: 'c'.repeat(64),
                name: 'bridge',
                driver: 'bridge',
                scope: 'local',
              }),
            ],
          }),
      },
      volumes: {
        listVolumes: (_call, callback) =>
          callback(null, {
            volumes: [engine.v1.Volume.fromPartial({ name: 'data', driver: 'local', scope: 'local' })],
            warnings: [],
          }),
      },
    });
    expect((await berth(double.socket, ['network', 'ls'])).stdout).toBe(
      'NETWORK ID     NAME      DRIVER    SCOPE\ncccccccccccc   bridge    bridge    local\n',
    );
    expect((await berth(double.socket, ['volume', 'ls'])).stdout).toBe(
      'DRIVER    VOLUME NAME\nlocal     data\n',
    );
  });

  it('prune asks first and does nothing on "n"; -f skips the question', async () => {
    let pruned = 0;
    double = await startEngineDouble({
      volumes: {
        pruneVolumes: (_call, callback) => {
          pruned++;
          callback(null, { volumesDeleted: ['old'], spaceReclaimed: 2000 });
        },
      },
    });
    const declined = await berth(double.socket, ['volume', 'prune'], { stdin: 'n\n' });
    expect(declined.code).toBe(0);
    expect(pruned).toBe(0);
    expect((await berth(double.socket, ['volume', 'prune', '-f'])).stdout).toBe(
      'Deleted Volumes:\nold\n\nTotal reclaimed space: 2kB\n',
    );
  });

  it('version prints the client part even when the engine is unreachable, then fails', async () => {
    const result = await berth('/nonexistent/berth-test/engine.sock', ['version']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Client:\n Version: {6}0\.1\.0\n/);
    expect(result.stderr).toBe(
      'berth: version: cannot connect to the Berth engine at unix:///nonexistent/berth-test/engine.sock: is berthd running?\n',
    );
  });
});
