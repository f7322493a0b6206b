import { engine } from '@berth/api';
import { berth, startEngineDouble, type EngineDouble } from './engine-double';

const v1 = engine.v1;

describe('more commands against the engine API', () => {
  let double: EngineDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it('stats --no-stream prints one table of samples', async () => {
    const requests: engine.v1.ContainerStatsRequest[] = [];
    double = await startEngineDouble({
      containers: {
        containerStats: (call) => {
          requests.push(call.request);
          call.write(
            v1.ContainerStatsResponse.fromPartial({
              id: 'e'.repeat(64),
              name: '/web',
              cpuPercent: 1.5,
              memoryUsage: 1536 * 1024,
              memoryLimit: 1024 ** 3,
              netRxBytes: 1200,
              netTxBytes: 0,
              blockReadBytes: 4_096_000,
              blockWriteBytes: 0,
              pids: 3,
            }),
          );
          call.end();
        },
      },
    });
    expect((await berth(double.socket, ['stats', '--no-stream', 'web'])).stdout).toBe(
      'CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O      BLOCK I/O      PIDS\n' +
        'eeeeeeeeeeee   web       1.50%     1.5MiB / 1GiB       0.15%     1.2kB / 0B   4.096MB / 0B   3\n',
    );
    expect(requests).toEqual([{ id: 'web', stream: false }]);
  });

  it('update sends only the limits given and the restart policy, per container', async () => {
    const requests: engine.v1.UpdateContainerRequest[] = [];
    double = await startEngineDouble({
      containers: {
        updateContainer: (call, callback) => {
          requests.push(call.request);
          callback(null, { warnings: call.request.id === 'b' ? ['swap limit not supported'] : [] });
        },
      },
    });
    const result = await berth(double.socket, [
      'update',
      '-m',
      '64m',
      '--cpus',
      '1.5',
      '-c',
      '512',
      '--restart',
      'on-failure:2',
      'a',
      'b',
    ]);
    expect(result).toEqual({ code: 0, stdout: 'a\nb\n', stderr: 'WARNING: swap limit not supported\n' });
    expect(requests[0]).toEqual({
      id: 'a',
      resources: v1.Resources.fromPartial({ memory: 64 << 20, nanoCpus: 1_500_000_000, cpuShares: 512 }),
      restartPolicy: { name: v1.RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE, maximumRetryCount: 2 },
    });
    expect(await berth(double.socket, ['update', 'a'])).toMatchObject({
      code: 125,
      stderr: 'berth: update: you must provide one or more flags when using this command\n',
    });
    expect(requests).toHaveLength(2);
  });

  it('stats streams: every sample redraws the table', async () => {
    double = await startEngineDouble({
      containers: {
        listContainers: (_call, callback) =>
          callback(null, {
            containers: [
              v1.ContainerSummary.fromPartial({ id: 'a'.repeat(64) }),
              v1.ContainerSummary.fromPartial({ id: 'b'.repeat(64) }),
            ],
          }),
        containerStats: (call) => {
          const sample = (pids: number) =>
            v1.ContainerStatsResponse.fromPartial({
              id: call.request.id,
              name: `/${call.request.id.slice(0, 1)}`,
              pids,
            });
          call.write(sample(1));
          call.write(sample(2));
          call.end();
        },
      },
    });
    const result = await berth(double.socket, ['stats', '--format', 'table {{.Name}}\t{{.PIDs}}']);
    expect(result.code).toBe(0);
    // One frame per sample (4), each starting with the header; the last shows both containers' latest.
    const frames = result.stdout.split(/^(?=NAME)/m);
    expect(frames).toHaveLength(4);
    expect(frames[3]).toBe('NAME      PIDS\na         2\nb         2\n');
  });

  it("events prints docker's line, json or a template", async () => {
    double = await startEngineDouble({
      system: {
        events: (call) => {
          call.write({
            type: v1.EventObjectType.EVENT_OBJECT_TYPE_CONTAINER,
            action: 'start',
            actor: { id: 'abc', attributes: { name: 'web', image: 'busybox' } },
            time: new Date('2026-11-23T11:00:00.123Z'),
          });
          call.end();
        },
      },
    });
    expect((await berth(double.socket, ['events', '--since', '1h'])).stdout).toBe(
      '2026-11-23T11:00:00.123000000Z container start abc (image=busybox, name=web)\n',
    );
    expect(
      (await berth(double.socket, ['events', '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}']))
        .stdout,
    ).toBe('container start web\n');
    expect(
      JSON.parse((await berth(double.socket, ['system', 'events', '--format', 'json'])).stdout),
    ).toMatchObject({
      Type: 'container',
      Action: 'start',
      Actor: { ID: 'abc' },
    });
  });

  it('system df sums images, containers and volumes', async () => {
    double = await startEngineDouble({
      system: {
        diskUsage: (_call, callback) =>
          callback(
            null,
            v1.DiskUsageResponse.fromPartial({
              layersSize: 10_000_000,
              images: [
                { id: 'a', size: 6_000_000, sharedSize: 0, containers: 1 },
                { id: 'b', size: 4_000_000, containers: 0 },
              ],
              containers: [
                { id: 'c', sizeRw: 1000, state: 'running' },
                { id: 'd', sizeRw: 3000, state: 'exited' },
              ],
              volumes: [{ name: 'v', size: 2000, refCount: 0 }],
            }),
          ),
      },
    });
    expect((await berth(double.socket, ['system', 'df'])).stdout).toBe(
      'TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n' +
        'Images          2         1         10MB      4MB (40%)\n' +
        'Containers      2         1         4kB       3kB (75%)\n' +
        'Local Volumes   1         0         2kB       2kB (100%)\n',
    );
  });

  it('info and history print what the engine reports', async () => {
    double = await startEngineDouble({
      system: {
        info: (_call, callback) =>
          callback(
            null,
            v1.InfoResponse.fromPartial({
              containers: 3,
              containersRunning: 1,
              containersStopped: 2,
              images: 4,
              serverVersion: '0.1.0',
              driver: 'overlay2',
              memTotal: 8 * 1024 ** 3,
              components: [
                {
                  name: 'berth-images',
                  socket: '/run/berth/images.sock',
                  running: false,
                  error: 'connect ENOENT',
                },
              ],
              warnings: ['no swap limit support'],
            }),
          ),
      },
      images: {
        imageHistory: (_call, callback) =>
          callback(null, {
            items: [
              v1.HistoryItem.fromPartial({
                id: `sha256:${'1'.repeat(64)}`,
                created: new Date('2026-11-20T12:00:00Z'),
                createdBy: 'CMD ["sh"]',
                size: 0,
              }),
              v1.HistoryItem.fromPartial({
                id: '<missing>',
                created: new Date('2026-11-20T12:00:00Z'),
                createdBy: 'ADD file:abc in /',
                size: 4_261_223,
              }),
            ],
          }),
      },
    });
    const info = await berth(double.socket, ['info']);
    expect(info.stdout).toContain(' Containers: 3\n  Running: 1\n  Paused: 0\n  Stopped: 2\n Images: 4\n');
    expect(info.stdout).toContain('  berth-images: not running: connect ENOENT\n');
    expect(info.stdout).toContain(' Total Memory: 8GiB\n');
    expect(info.stderr).toBe('WARNING: no swap limit support\n');
    expect(
      (await berth(double.socket, ['info', '--format', '{{.ServerVersion}} {{.NCPU}} {{.Driver}}'])).stdout,
    ).toBe('0.1.0 0 overlay2\n');
    expect(JSON.parse((await berth(double.socket, ['info', '--format', 'json'])).stdout)).toMatchObject({
      Containers: 3,
      Images: 4,
    });
    expect((await berth(double.socket, ['history', 'busybox'])).stdout).toBe(
      'IMAGE          CREATED      CREATED BY          SIZE      COMMENT\n' +
        '111111111111   3 days ago   CMD ["sh"]          0B        \n' +
        '<missing>      3 days ago   ADD file:abc in /   4.261MB   \n',
    );
  });

  it('rmi prints untagged and deleted lines; top aligns ps output', async () => {
    double = await startEngineDouble({
      images: {
        removeImage: (_call, callback) =>
          callback(null, { untagged: ['busybox:latest'], deleted: ['sha256:abc'] }),
      },
      containers: {
        topContainer: (_call, callback) =>
          callback(null, {
            titles: ['UID', 'PID', 'CMD'],
            processes: [{ values: ['root', '4242', 'sleep 1000'] }],
          }),
      },
    });
    expect((await berth(double.socket, ['rmi', 'busybox'])).stdout).toBe(
      'Untagged: busybox:latest\nDeleted: sha256:abc\n',
    );
    expect((await berth(double.socket, ['top', 'web'])).stdout).toBe(
      `UID${' '.repeat(17)}PID${' '.repeat(17)}CMD\nroot${' '.repeat(16)}4242${' '.repeat(16)}sleep 1000\n`,
    );
  });

  it('network create and connect, volume create pass every flag', async () => {
    const created: engine.v1.CreateNetworkRequest[] = [];
    const connected: engine.v1.ConnectNetworkRequest[] = [];
    const volumes: engine.v1.CreateVolumeRequest[] = [];
    double = await startEngineDouble({
      networks: {
        createNetwork: (call, callback) => {
          created.push(call.request);
          callback(null, { id: 'n'.repeat(64), warnings: [] });
        },
        connectNetwork: (call, callback) => {
          connected.push(call.request);
          callback(null, {});
        },
      },
      volumes: {
        createVolume: (call, callback) => {
          volumes.push(call.request);
          callback(null, { volume: v1.Volume.fromPartial({ name: call.request.name }) });
        },
      },
    });
    const args = [
      'network',
      'create',
      '--subnet',
      '10.9.0.0/24',
      '--gateway',
      '10.9.0.1',
      '--internal',
      '--label',
      'a=b',
      '-o',
      'com.docker.network.driver.mtu=1400',
      'backend',
    ];
    expect((await berth(double.socket, args)).stdout).toBe(`${'n'.repeat(64)}\n`);
    expect(created[0]).toMatchObject({
      name: 'backend',
      driver: 'bridge',
      subnet: '10.9.0.0/24',
      gateway: '10.9.0.1',
      internal: true,
      labels: { a: 'b' },
      options: { 'com.docker.network.driver.mtu': '1400' },
    });
    expect((await berth(double.socket, ['network', 'create', '-d', 'overlay', 'x'])).stderr).toBe(
      'berth: network create: network driver "overlay" is not supported (only bridge)\n',
    );
    await berth(double.socket, [
      'network',
      'connect',
      '--alias',
      'api',
      '--ip',
      '10.9.0.5',
      'backend',
      'web',
    ]);
    expect(connected[0]).toEqual({
      network: 'backend',
      container: 'web',
      aliases: ['api'],
      ipv4Address: '10.9.0.5',
    });
    expect((await berth(double.socket, ['volume', 'create', '--label', 'k=v', 'data'])).stdout).toBe(
      'data\n',
    );
    expect(volumes[0]).toMatchObject({ name: 'data', driver: 'local', labels: { k: 'v' } });
  });

  it('login reads the password from stdin; start -a returns the exit code; kill passes the signal', async () => {
    const logins: engine.v1.LoginRequest[] = [];
    const kills: engine.v1.KillContainerRequest[] = [];
    double = await startEngineDouble({
      images: {
        login: (call, callback) => {
          logins.push(call.request);
          callback(null, { status: 'Login Succeeded' });
        },
      },
      containers: {
        inspectContainer: (_call, callback) =>
          callback(null, { id: 'x', state: 1, json: '{"Config":{"Tty":false}}' }),
        startContainer: (_call, callback) => callback(null, { pid: 1 }),
        attachContainer: (call) => {
          call.once('data', () => {
            setTimeout(() => {
              call.write({ output: { $case: 'chunk', chunk: { stream: 1, data: Buffer.from('done\n') } } });
              call.write({ output: { $case: 'exit', exit: { exitCode: 2 } } });
              call.end();
            }, 5);
          });
        },
        killContainer: (call, callback) => {
          kills.push(call.request);
          callback(null, {});
        },
      },
    });
    expect(
      await berth(double.socket, ['login', '-u', 'me', '--password-stdin', 'localhost:5000'], {
        stdin: 's3cret\n',
      }),
    ).toEqual({
      code: 0,
      stdout: 'Login Succeeded\n',
      stderr: '',
    });
    expect(logins).toEqual([{ server: 'localhost:5000', username: 'me', password: 's3cret' }]);
    expect(await berth(double.socket, ['start', '-a', 'job'])).toEqual({
      code: 2,
      stdout: 'done\n',
      stderr: '',
    });
    expect((await berth(double.socket, ['kill', '-s', 'HUP', 'web'])).stdout).toBe('web\n');
    expect(kills).toEqual([{ id: 'web', signal: 'HUP' }]);
  });
});
