import { Metadata, status } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { berth, grpcError, startEngineDouble, type EngineDouble } from './engine-double';

const ID = 'f'.repeat(64);
const v1 = engine.v1;

/** CreateContainer answering with the created container (after optional progress). */
function creating(
  seen: engine.v1.CreateContainerRequest[],
  progress: engine.v1.Progress[] = [],
): Partial<engine.v1.ContainersServer> {
  return {
    createContainer: (call) => {
      seen.push(call.request);
      for (const line of progress) call.write({ result: { $case: 'progress', progress: line } });
      call.write({
        result: {
          $case: 'created',
          created: { id: ID, name: call.request.name || 'eager_turing', warnings: [] },
        },
      });
      call.end();
    },
  };
}

describe('berth run / create against the engine API', () => {
  let double: EngineDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  it('maps every run flag into one CreateContainer request, starts detached and prints the id', async () => {
    const seen: engine.v1.CreateContainerRequest[] = [];
    const started: string[] = [];
    double = await startEngineDouble({
      containers: {
        ...creating(seen),
        startContainer: (call, callback) => {
          started.push(call.request.id);
          callback(null, { pid: 42 });
        },
      },
    });
    const result = await berth(
      double.socket,
      [
        'run',
        '-d',
        '-it',
        '--rm',
        '--name',
        'web',
        '-p',
        '8080:80',
        '-P',
        '-v',
        'data:/data',
        '--mount',
        'type=tmpfs,target=/run',
        '-e',
        'A=1',
        '-e',
        'HOME',
        '-w',
        '/srv',
        '-u',
        '1000:1000',
        '--entrypoint',
        '/bin/sh',
        '--network',
        'backend',
        '--network-alias',
        'api',
        '--hostname',
        'h1',
        '--memory',
        '64m',
        '--cpus',
        '0.5',
        '--pids-limit',
        '100',
        '--ulimit',
        'nofile=1024:2048',
        '--cap-add',
        'NET_ADMIN',
        '--cap-drop',
        'MKNOD',
        '--privileged',
        '--read-only',
        '--security-opt',
        'no-new-privileges',
        '--label',
        'tier=front',
        '--init',
        '--stop-signal',
        'SIGINT',
        '--stop-timeout',
        '5',
        '--tmpfs',
        '/tmp:size=1m',
        '--add-host',
        'db:10.0.0.2',
        '--dns',
        '1.1.1.1',
        'busybox',
        'sh',
        '-c',
        'echo hi',
      ],
      { env: { HOME: '/root' } },
    );
    expect(result).toEqual({ code: 0, stdout: `${ID}\n`, stderr: '' });
    expect(started).toEqual([ID]);
    const [request] = seen;
    expect(request.name).toBe('web');
    expect(request.config).toMatchObject({
      image: 'busybox',
      cmd: ['sh', '-c', 'echo hi'],
      entrypoint: ['/bin/sh'],
      entrypointSet: true,
      env: ['A=1', 'HOME=/root'],
      workingDir: '/srv',
      user: '1000:1000',
      hostname: 'h1',
      labels: { tier: 'front' },
      tty: true,
      openStdin: true,
      stdinOnce: false,
      stopSignal: 'SIGINT',
      stopTimeout: 5,
      portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }],
      publishAllPorts: true,
      binds: ['data:/data'],
      tmpfs: ['/tmp:size=1m'],
      networkMode: 'backend',
      networks: [{ network: 'backend', aliases: ['api'], ipv4Address: '' }],
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      privileged: true,
      readOnlyRootfs: true,
      securityOpt: ['no-new-privileges'],
      init: true,
      autoRemove: true,
      extraHosts: ['db:10.0.0.2'],
      dns: ['1.1.1.1'],
      resources: {
        memory: 64 * 1024 * 1024,
        nanoCpus: 500_000_000,
        pidsLimit: 100,
        ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
      },
    });
    expect(request.config?.mounts).toEqual([
      expect.objectContaining({ type: v1.MountType.MOUNT_TYPE_TMPFS, target: '/run' }),
    ]);
  });

  it('runs in the foreground: output per stream, the container exit code as ours', async () => {
    double = await startEngineDouble({
      containers: {
        ...creating([]),
        startContainer: (_call, callback) => callback(null, { pid: 1 }),
        // With --rm berth returns once the container is gone, as docker does.
        waitContainer: (call, callback) => {
          expect(call.request.condition).toBe(v1.WaitCondition.WAIT_CONDITION_REMOVED);
          callback(null, { statusCode: 3, error: '' });
        },
        attachContainer: (call) => {
          call.once('data', (first: engine.v1.AttachContainerRequest) => {
            expect(first.input?.$case).toBe('start');
            // Output comes only after the CLI started the container (it attaches first).
            setTimeout(() => {
              call.write({
                output: {
                  $case: 'chunk',
                  chunk: { stream: v1.OutputStream.OUTPUT_STREAM_STDOUT, data: Buffer.from('hello\n') },
                },
              });
              call.write({
                output: {
                  $case: 'chunk',
                  chunk: { stream: v1.OutputStream.OUTPUT_STREAM_STDERR, data: Buffer.from('oops\n') },
                },
              });
              call.write({ output: { $case: 'exit', exit: { exitCode: 3 } } });
              call.end();
            }, 10);
          });
        },
      },
    });
    expect(await berth(double.socket, ['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'])).toEqual({
      code: 3,
      stdout: 'hello\n',
      stderr: 'oops\n',
    });
  });

  it('with -i, starts first and attaches again when the engine refuses to attach before the start', async () => {
    let running = false;
    double = await startEngineDouble({
      containers: {
        ...creating([]),
        waitContainer: (_call, callback) => callback(null, { statusCode: 9, error: '' }),
        startContainer: (_call, callback) => {
          running = true;
          callback(null, { pid: 1 });
        },
        attachContainer: (call) => {
          call.once('data', () => {
            if (!running) {
              call.emit(
                'error',
                grpcError(status.FAILED_PRECONDITION, 'container ffffffffffff is not running'),
              );
              return;
            }
            call.write({ output: { $case: 'chunk', chunk: { stream: 1, data: Buffer.from('late\n') } } });
            call.write({ output: { $case: 'exit', exit: { exitCode: 5 } } });
            call.end();
          });
        },
      },
    });
    expect(await berth(double.socket, ['run', '-i', 'busybox', 'cat'], { stdin: '' })).toEqual({
      code: 5,
      stdout: 'late\n',
      stderr: '',
    });
  });

  it('without stdin, follows the log from the start when the engine refuses to attach before the start', async () => {
    double = await startEngineDouble({
      containers: {
        ...creating([]),
        waitContainer: (call, callback) => {
          expect(call.request.condition).toBe(v1.WaitCondition.WAIT_CONDITION_NEXT_EXIT);
          setTimeout(() => callback(null, { statusCode: 3, error: '' }), 20);
        },
        startContainer: (_call, callback) => callback(null, { pid: 1 }),
        inspectContainer: (_call, callback) =>
          callback(null, { id: ID, state: v1.ContainerState.CONTAINER_STATE_EXITED, json: '{}' }),
        attachContainer: (call) => {
          call.once('data', () =>
            call.emit(
              'error',
              grpcError(status.FAILED_PRECONDITION, 'container ffffffffffff is not running'),
            ),
          );
        },
        containerLogs: (call) => {
          expect(call.request).toMatchObject({ follow: true, stdout: true, stderr: true });
          call.write({ stream: 1, data: Buffer.from('hello\n'), time: new Date() });
          call.write({ stream: 2, data: Buffer.from('oops\n'), time: new Date() });
          call.end();
        },
      },
    });
    expect(
      await berth(double.socket, ['run', 'busybox', 'sh', '-c', 'echo hello; echo oops >&2; exit 3']),
    ).toEqual({
      code: 3,
      stdout: 'hello\n',
      stderr: 'oops\n',
    });
  });

  it.each([
    ['exec: "nope": executable file not found in $PATH', 127],
    ['exec: "/etc/passwd": permission denied', 126],
    ['cgroup: cannot write memory.max', 125],
  ])('exits as docker when start fails with %j', async (details, code) => {
    double = await startEngineDouble({
      containers: {
        ...creating([]),
        startContainer: (_call, callback) => callback(grpcError(status.FAILED_PRECONDITION, details)),
        // Attached (headers sent); the start that follows fails.
        attachContainer: (call) => call.sendMetadata(new Metadata()),
      },
    });
    const result = await berth(double.socket, ['run', 'busybox', 'nope']);
    expect(result.code).toBe(code);
    expect(result.stderr).toBe(`berth: run: ${details}\n`);
  });

  it("exits 125 when the engine refuses the create, with the engine's message on one line", async () => {
    double = await startEngineDouble({
      containers: {
        createContainer: (call) =>
          call.emit('error', grpcError(status.NOT_FOUND, 'no such image: nosuch:latest')),
      },
    });
    expect(await berth(double.socket, ['run', '-d', 'nosuch'])).toEqual({
      code: 125,
      stdout: '',
      stderr: 'berth: run: no such image: nosuch:latest\n',
    });
  });

  it('exits 125 on a flag error before calling the engine', async () => {
    double = await startEngineDouble({});
    expect(await berth(double.socket, ['run', '--memory', 'lots', 'busybox'])).toMatchObject({
      code: 125,
      stderr: 'berth: run: invalid value "lots" for --memory: expected a size such as 512m or 2g\n',
    });
    expect((await berth(double.socket, ['run'])).stderr).toBe(
      `berth: run: "berth run" requires at least 1 argument (see 'berth run --help')\n`,
    );
  });

  it('shows pull progress on stderr while create fetches the image, then the id on stdout', async () => {
    double = await startEngineDouble({
      containers: creating(
        [],
        [
          // The engine words the first line itself, as dockerd does.
          { id: '', status: "Unable to find image 'busybox' locally", current: 0, total: 0 },
          { id: '', status: 'latest: Pulling from library/busybox', current: 0, total: 0 },
          { id: 'a3ed95caeb02', status: 'Downloading', current: 10, total: 100 },
          { id: 'a3ed95caeb02', status: 'Pull complete', current: 100, total: 100 },
          { id: '', status: 'Status: Downloaded newer image for busybox:latest', current: 0, total: 0 },
        ],
      ),
    });
    const result = await berth(double.socket, ['create', 'busybox']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${ID}\n`);
    expect(result.stderr).toBe(
      "Unable to find image 'busybox' locally\nlatest: Pulling from library/busybox\na3ed95caeb02: Downloading\n" +
        'a3ed95caeb02: Pull complete\nStatus: Downloaded newer image for busybox:latest\n',
    );
  });
});

describe('other container commands', () => {
  let double: EngineDouble | undefined;
  afterEach(async () => {
    await double?.close();
    double = undefined;
  });

  const summary = (id: string, name: string, state: engine.v1.ContainerState, status: string) =>
    v1.ContainerSummary.fromPartial({
      id,
      names: [`/${name}`],
      image: 'busybox',
      command: 'sleep 1000000000000000',
      created: new Date('2026-11-23T11:57:00Z'),
      state,
      status,
      ports: [{ privatePort: 80, publicPort: 8080, type: 'tcp', ip: '0.0.0.0' }],
      labels: { tier: 'front' },
      networks: ['bridge'],
    });

  it("ps prints docker's table, json, templates and ids, passing filters through", async () => {
    const requests: engine.v1.ListContainersRequest[] = [];
    double = await startEngineDouble({
      containers: {
        listContainers: (call, callback) => {
          requests.push(call.request);
          callback(null, {
            containers: [
              summary('a'.repeat(64), 'web', v1.ContainerState.CONTAINER_STATE_RUNNING, 'Up 3 minutes'),
            ],
          });
        },
      },
    });
    const table = await berth(double.socket, ['ps', '-a', '--filter', 'status=running']);
    expect(table.stdout).toBe(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                  NAMES\n' +
        'aaaaaaaaaaaa   busybox   "sleep 1000000000000…"   3 minutes ago   Up 3 minutes   0.0.0.0:8080->80/tcp   web\n',
    );
    expect(requests[0]).toMatchObject({ all: true, filters: [{ key: 'status', value: 'running' }] });
    expect((await berth(double.socket, ['ps', '-q'])).stdout).toBe('aaaaaaaaaaaa\n');
    expect(
      (await berth(double.socket, ['ps', '--no-trunc', '--format', '{{.ID}} {{.Label "tier"}} {{.State}}']))
        .stdout,
    ).toBe(`${'a'.repeat(64)} front running\n`);
    const json = JSON.parse((await berth(double.socket, ['ps', '--format', 'json'])).stdout);
    expect(json).toMatchObject({
      ID: 'aaaaaaaaaaaa',
      Names: 'web',
      Labels: 'tier=front',
      State: 'running',
      RunningFor: '3 minutes ago',
    });
  });

  it('stop reports each target: names of successes on stdout, one error line per failure, exit 1', async () => {
    double = await startEngineDouble({
      containers: {
        stopContainer: (call, callback) =>
          call.request.id === 'gone'
            ? callback(grpcError(status.NOT_FOUND, 'no such container: gone'))
            : callback(null, {}),
      },
    });
    expect(await berth(double.socket, ['stop', '-t', '3', 'web', 'gone', 'db'])).toEqual({
      code: 1,
      stdout: 'web\ndb\n',
      stderr: 'berth: stop gone: no such container: gone\n',
    });
  });

  it("inspect applies --format to the engine's document and reports misses", async () => {
    double = await startEngineDouble({
      containers: {
        inspectContainer: (call, callback) =>
          call.request.id === 'web'
            ? callback(null, {
                id: 'x',
                state: 2,
                json: JSON.stringify({
                  Id: 'x',
                  State: { Status: 'running' },
                  Config: { Labels: { a: 'b' } },
                }),
              })
            : callback(grpcError(status.NOT_FOUND, `no such container: ${call.request.id}`)),
      },
      images: {
        inspectImage: (call, callback) =>
          callback(grpcError(status.NOT_FOUND, `no such image: ${call.request.name}`)),
      },
      networks: {
        inspectNetwork: (_call, callback) => callback(grpcError(status.NOT_FOUND, 'no such network')),
      },
      volumes: {
        inspectVolume: (_call, callback) => callback(grpcError(status.NOT_FOUND, 'no such volume')),
      },
    });
    expect(
      await berth(double.socket, ['inspect', '--format', '{{.State.Status}} {{json .Config.Labels}}', 'web']),
    ).toEqual({
      code: 0,
      stdout: 'running {"a":"b"}\n',
      stderr: '',
    });
    expect(await berth(double.socket, ['container', 'inspect', 'nope'])).toEqual({
      code: 1,
      stdout: '[]\n',
      stderr: 'berth: container inspect nope: no such container: nope\n',
    });
    expect((await berth(double.socket, ['inspect', 'nope'])).stderr).toBe(
      'berth: inspect nope: no such object: nope\n',
    );
  });

  it('exec passes the process and exits with its code; 127 when the command is missing', async () => {
    const starts: engine.v1.ExecStart[] = [];
    double = await startEngineDouble({
      containers: {
        execContainer: (call) => {
          call.once('data', (first: engine.v1.ExecContainerRequest) => {
            if (first.input?.$case !== 'start') return;
            starts.push(first.input.start);
            if (first.input.start.cmd[0] === 'nope') {
              call.emit(
                'error',
                grpcError(status.FAILED_PRECONDITION, 'exec: "nope": executable file not found in $PATH'),
              );
              return;
            }
            call.write({ output: { $case: 'started', started: { execId: 'e1', pid: 7 } } });
            call.write({ output: { $case: 'chunk', chunk: { stream: 1, data: Buffer.from('/srv\n') } } });
            call.write({ output: { $case: 'exit', exit: { exitCode: 4 } } });
            call.end();
          });
        },
      },
    });
    expect(
      await berth(double.socket, ['exec', '-e', 'X=1', '-u', 'nobody', '-w', '/srv', 'web', 'pwd', '-P']),
    ).toEqual({
      code: 4,
      stdout: '/srv\n',
      stderr: '',
    });
    expect(starts[0]).toMatchObject({
      id: 'web',
      cmd: ['pwd', '-P'],
      env: ['X=1'],
      user: 'nobody',
      workingDir: '/srv',
      tty: false,
      stdin: false,
    });
    expect((await berth(double.socket, ['exec', 'web', 'nope'])).code).toBe(127);
  });

  it('logs writes each stream where it belongs, with timestamps on -t', async () => {
    const requests: engine.v1.ContainerLogsRequest[] = [];
    double = await startEngineDouble({
      containers: {
        containerLogs: (call) => {
          requests.push(call.request);
          call.write({ stream: 1, data: Buffer.from('out\n'), time: new Date('2026-11-23T11:00:00Z') });
          call.write({ stream: 2, data: Buffer.from('err\n'), time: new Date('2026-11-23T11:00:01Z') });
          call.end();
        },
      },
    });
    expect(await berth(double.socket, ['logs', '-t', '--tail', '5', '--since', '10m', 'web'])).toEqual({
      code: 0,
      stdout: '2026-11-23T11:00:00.000Z out\n',
      stderr: '2026-11-23T11:00:01.000Z err\n',
    });
    expect(requests[0]).toMatchObject({
      id: 'web',
      tail: 5,
      follow: false,
      since: new Date('2026-11-23T11:50:00Z'),
    });
  });

  it('wait prints exit codes; port lists bindings', async () => {
    double = await startEngineDouble({
      containers: {
        waitContainer: (_call, callback) => callback(null, { statusCode: 137, error: '' }),
        containerPort: (_call, callback) =>
          callback(null, {
            ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
          }),
      },
    });
    expect((await berth(double.socket, ['wait', 'web'])).stdout).toBe('137\n');
    expect((await berth(double.socket, ['port', 'web'])).stdout).toBe('80/tcp -> 0.0.0.0:8080\n');
    expect((await berth(double.socket, ['port', 'web', '80'])).stdout).toBe('0.0.0.0:8080\n');
    expect(await berth(double.socket, ['port', 'web', '81/udp'])).toMatchObject({
      code: 125,
      stderr: "berth: port: no public port '81/udp' published for web\n",
    });
  });
});
