// berthd driving the real berth-images, berth-network and berth-shim (their built binaries),
// with the busybox fixture image imported into the image store. Needs root, overlayfs,
// nftables and cgroups. Everything lives in a temporary directory with its own bridge,
// nftables table and subnet, and is removed afterwards even when a test fails.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { engine, health, images, task } from '@berth/api';
import { busyboxLayout, removeStackLeftovers } from '@berth/fixtures';
import { createLogger, dial, type BerthClient } from '@berth/kit';
import { startEngineDaemon, type EngineDaemon } from '../src/index';
import { collect } from './support/collect';

const run = promisify(execFile);
const PACKAGES = resolve(__dirname, '../..');
const TAG = randomBytes(2).toString('hex');
const NETWORK = `bt${TAG}`;
const TABLE = `berthtest${TAG}`;

async function waitForHealth(socket: string, component: string): Promise<void> {
  const client = dial(health.v1.HealthClient, socket, { component });
  try {
    await client.waitForReady(20_000);
  } finally {
    client.close();
  }
}

describe('berthd with the real component daemons', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  let daemon: EngineDaemon | undefined;
  let containers: BerthClient<engine.v1.ContainersClient>;
  let volumes: BerthClient<engine.v1.VolumesClient>;
  let imagesClient: BerthClient<images.v1.ImagesClient>;

  const engineOptions = () => {
    const runDir = join(dir, 'run');
    return {
      root: join(dir, 'engine'),
      run: runDir,
      socket: join(runDir, 'engine.sock'),
      components: { images: join(runDir, 'images.sock'), network: join(runDir, 'network.sock') },
      shimBinary: join(PACKAGES, 'shim/bin/berth-shim'),
      initBinary: '',
      defaultNetwork: NETWORK,
      logRotation: { maxSize: 64 * 1024, maxFiles: 2 },
      log: createLogger({ component: 'engine-test', level: 'warn' }),
      handleSignals: false,
    };
  };

  const startImages = () =>
    startChild(join(PACKAGES, 'image-store/dist/daemon/entry.js'), [
      '--root',
      join(dir, 'images'),
      '--run',
      join(dir, 'run'),
      '--socket',
      join(dir, 'run', 'images.sock'),
      '--log-level',
      'warn',
    ]);

  const startChild = (binary: string, args: string[]) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bes-'));
    const runDir = join(dir, 'run');
    startImages();
    startChild(join(PACKAGES, 'network/bin/berth-network'), [
      '--root',
      join(dir, 'network'),
      '--run',
      runDir,
      '--socket',
      join(runDir, 'network.sock'),
      '--log-level',
      'warn',
      '--table',
      TABLE,
      '--veth-prefix',
      `v${TAG}`,
      '--bridge-prefix',
      `b${TAG}-`,
      '--default-network',
      NETWORK,
      '--default-bridge',
      NETWORK,
      '--default-subnet',
      `10.231.${parseInt(TAG, 16) % 250}.0/24`,
    ]);
    await waitForHealth(join(runDir, 'images.sock'), 'berth-images');
    await waitForHealth(join(runDir, 'network.sock'), 'berth-network');
    imagesClient = dial(images.v1.ImagesClient, join(runDir, 'images.sock'), { component: 'berth-images' });
    // Import the busybox fixture as a tar stream.
    const layout = await busyboxLayout();
    const tar = spawn('tar', ['-C', layout.dir, '-c', '.']);
    const imported = await new Promise<images.v1.ImportResponse>((done, fail) => {
      const call = imagesClient.raw.import((err, response) => (err ? fail(err) : done(response!)));
      tar.stdout.on('data', (chunk: Buffer) => call.write({ data: chunk, name: '' }));
      tar.stdout.on('end', () => call.end());
    });
    expect(imported.images.map((i) => i.name)).toContain('docker.io/library/busybox:latest');

    daemon = await startEngineDaemon(engineOptions());
    containers = dial(engine.v1.ContainersClient, join(runDir, 'engine.sock'), { component: 'berthd' });
    volumes = dial(engine.v1.VolumesClient, join(runDir, 'engine.sock'), { component: 'berthd' });
  }, 120_000);

  afterAll(async () => {
    if (containers) {
      const list = await containers.call
        .listContainers(engine.v1.ListContainersRequest.fromPartial({ all: true }))
        .catch(() => ({ containers: [] }));
      for (const c of list.containers)
        await containers.call
          .removeContainer({ id: c.id, force: true, volumes: true })
          .catch(() => undefined);
    }
    containers?.close();
    volumes?.close();
    imagesClient?.close();
    await daemon?.close();
    await removeStackLeftovers({
      dir,
      runDir: join(dir, 'run'),
      children,
      links: new RegExp(`^(${NETWORK}|v${TAG}|b${TAG}-)`),
      nftTable: TABLE,
    });
  }, 60_000);

  const create = async (name: string, config: Partial<engine.v1.ContainerConfig>) => {
    const messages = await collect(
      containers.raw.createContainer(
        engine.v1.CreateContainerRequest.fromPartial({ name, config: { image: 'busybox', ...config } }),
      ),
    );
    const last = messages.at(-1)?.result;
    if (last?.$case !== 'created') throw new Error('no created message');
    return last.created.id;
  };
  const inspect = async (id: string) => JSON.parse((await containers.call.inspectContainer({ id })).json);
  const logs = async (id: string) =>
    (
      await collect(
        containers.raw.containerLogs(engine.v1.ContainerLogsRequest.fromPartial({ id, tail: -1 })),
      )
    )
      .map((m) => Buffer.from(m.data).toString())
      .join('');

  it('runs a container, shows its logs, and keeps its writable layer across stop and start', async () => {
    const id = await create('first', {
      cmd: ['sh', '-c', 'echo hello from $(hostname); echo data >> /keep; cat /keep | wc -l; sleep 300'],
    });
    await containers.call.startContainer({ id: 'first' });
    expect((await inspect(id)).State).toMatchObject({ Status: 'running', Running: true });
    await new Promise((done) => setTimeout(done, 500));
    expect(await logs(id)).toBe(`hello from ${id.slice(0, 12)}\n1\n`);
    await containers.call.stopContainer({ id, timeout: 1, signal: '' });
    expect((await inspect(id)).State).toMatchObject({ Status: 'exited', Running: false });
    await containers.call.startContainer({ id });
    await new Promise((done) => setTimeout(done, 500));
    expect((await logs(id)).endsWith('2\n')).toBe(true);
    await containers.call.removeContainer({ id, force: true, volumes: false });
    expect(await readdir(join(dir, 'engine', 'containers'))).toEqual([]);
  }, 60_000);

  it('shares a named volume between containers and refuses to remove it while used', async () => {
    const writer = await create('writer', {
      binds: ['shared:/data'],
      cmd: ['sh', '-c', 'echo kept > /data/file'],
    });
    await containers.call.startContainer({ id: writer });
    expect((await containers.call.waitContainer({ id: writer, condition: 0 })).statusCode).toBe(0);
    await expect(volumes.call.removeVolume({ name: 'shared', force: false })).rejects.toMatchObject({
      code: 'FailedPrecondition',
    });
    await containers.call.removeContainer({ id: writer, force: false, volumes: true });
    const reader = await create('reader', { binds: ['shared:/data:ro'], cmd: ['cat', '/data/file'] });
    await containers.call.startContainer({ id: reader });
    expect((await containers.call.waitContainer({ id: reader, condition: 0 })).statusCode).toBe(0);
    expect(await logs(reader)).toBe('kept\n');
    await containers.call.removeContainer({ id: reader, force: false, volumes: false });
    await volumes.call.removeVolume({ name: 'shared', force: false });
  }, 60_000);

  it('publishes a port', async () => {
    const id = await create('web', {
      cmd: ['sh', '-c', 'mkdir -p /www && echo served > /www/index.html && httpd -f -p 80 -h /www'],
      portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 }],
    });
    await containers.call.startContainer({ id });
    const { ports } = await containers.call.containerPort({ id });
    expect(ports).toHaveLength(1);
    let body = '';
    for (let i = 0; i < 200 && body === ''; i++) {
      body = await fetch(`http://127.0.0.1:${ports[0].hostPort}/`).then(
        (r) => r.text(),
        () => '',
      );
      if (body === '') await new Promise((done) => setTimeout(done, 100));
    }
    expect(body).toBe('served\n');
    await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('keeps containers running across an engine restart and reconnects to them', async () => {
    const id = await create('survivor', { cmd: ['sleep', '300'] });
    await containers.call.startContainer({ id });
    const pid = (await inspect(id)).State.Pid;
    await daemon!.close();
    daemon = await startEngineDaemon(engineOptions());
    for (let i = 0; i < 50; i++) {
      const state = (await inspect(id).catch(() => undefined))?.State;
      if (state?.Status === 'running') break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect((await inspect(id)).State).toMatchObject({ Status: 'running', Pid: pid });
    await containers.call.stopContainer({ id, timeout: 1, signal: '' });
    expect((await inspect(id)).State.Status).toBe('exited');
    await containers.call.removeContainer({ id, force: false, volumes: false });
  }, 60_000);

  /** Runs a bidi session: sends `requests` after the first answer, collects everything. */
  function session<Req, Res>(
    stream: import('@grpc/grpc-js').ClientDuplexStream<Req, Res>,
    first: Req,
    later: Req[],
  ): Promise<Res[]> {
    return new Promise((done, fail) => {
      const received: Res[] = [];
      let sent = false;
      stream.on('data', (message: Res) => {
        received.push(message);
        if (!sent) {
          sent = true;
          for (const request of later) stream.write(request);
        }
      });
      stream.on('error', fail);
      stream.on('end', () => done(received));
      stream.write(first);
    });
  }

  it('execs into a running container with stdin, output and the exit code', async () => {
    const id = await create('execed', { cmd: ['sleep', '300'], env: ['FROM_CREATE=yes'] });
    await containers.call.startContainer({ id });
    const replies = await session(
      containers.raw.execContainer(),
      engine.v1.ExecContainerRequest.fromPartial({
        input: {
          $case: 'start',
          start: engine.v1.ExecStart.fromPartial({
            id,
            cmd: ['sh', '-c', 'read x; echo "got $x $FROM_CREATE $EXTRA" ; echo oops >&2; exit 7'],
            env: ['EXTRA=more'],
            stdin: true,
          }),
        },
      }),
      [
        engine.v1.ExecContainerRequest.fromPartial({
          input: { $case: 'stdin', stdin: Buffer.from('line\n') },
        }),
      ],
    );
    expect(replies[0].output?.$case).toBe('started');
    const text = (stream: engine.v1.OutputStream) =>
      replies
        .flatMap((r) =>
          r.output?.$case === 'chunk' && r.output.chunk.stream === stream
            ? [Buffer.from(r.output.chunk.data).toString()]
            : [],
        )
        .join('');
    expect(text(engine.v1.OutputStream.OUTPUT_STREAM_STDOUT)).toBe('got line yes more\n');
    expect(text(engine.v1.OutputStream.OUTPUT_STREAM_STDERR)).toBe('oops\n');
    expect(replies.at(-1)?.output).toEqual({ $case: 'exit', exit: { exitCode: 7 } });
    await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('attaches to the init process and detaches with the detach keys', async () => {
    const id = await create('attached', {
      cmd: ['sh', '-c', 'while read line; do echo "echo $line"; done'],
      openStdin: true,
    });
    await containers.call.startContainer({ id });
    const stream = containers.raw.attachContainer();
    const replies: engine.v1.AttachContainerResponse[] = [];
    const ended = new Promise<void>((done, fail) => {
      stream.on('data', (reply: engine.v1.AttachContainerResponse) => {
        replies.push(reply);
        // Once the echo came back, type the default detach keys (ctrl-p ctrl-q).
        if (reply.output?.$case === 'chunk')
          stream.write(
            engine.v1.AttachContainerRequest.fromPartial({
              input: { $case: 'stdin', stdin: Buffer.from([16, 17]) },
            }),
          );
      });
      stream.on('error', fail);
      stream.on('end', () => done());
    });
    stream.write(
      engine.v1.AttachContainerRequest.fromPartial({
        input: {
          $case: 'start',
          start: { id, stdin: true, stdout: true, stderr: true, detachKeys: '', logs: false },
        },
      }),
    );
    stream.write(
      engine.v1.AttachContainerRequest.fromPartial({
        input: { $case: 'stdin', stdin: Buffer.from('hello\n') },
      }),
    );
    await ended;
    const chunk = replies.find((r) => r.output?.$case === 'chunk');
    expect(chunk?.output?.$case === 'chunk' && Buffer.from(chunk.output.chunk.data).toString()).toBe(
      'echo hello\n',
    );
    expect(replies.at(-1)?.output).toEqual({ $case: 'detached', detached: true });
    // Detaching left the container running.
    expect((await inspect(id)).State.Status).toBe('running');
    await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('enforces --memory, shows top and stats, and updates limits while running', async () => {
    const MiB = 1024 * 1024;
    const hog = await create('hog', {
      cmd: ['sh', '-c', 'a=$(head -c 100000000 /dev/zero | tr "\\0" a); echo survived'],
      resources: engine.v1.Resources.fromPartial({ memory: 16 * MiB, memorySwap: 16 * MiB }),
    });
    await containers.call.startContainer({ id: hog });
    expect((await containers.call.waitContainer({ id: hog, condition: 0 })).statusCode).toBe(137);
    expect(await logs(hog)).not.toContain('survived');
    expect((await inspect(hog)).State.OOMKilled).toBe(true);
    await containers.call.removeContainer({ id: hog, force: false, volumes: false });

    const id = await create('watched', {
      cmd: ['sleep', '300'],
      resources: engine.v1.Resources.fromPartial({ memory: 64 * MiB }),
    });
    await containers.call.startContainer({ id });
    const top = await containers.call.topContainer({ id, psArgs: '' });
    expect(top.processes.map((row) => row.values.at(-1))).toEqual(['sleep 300']);
    const [stats] = await collect(containers.raw.containerStats({ id, stream: false }));
    expect(stats).toMatchObject({ id, name: 'watched', memoryLimit: 64 * MiB });
    expect(stats.pids).toBe(1);
    await containers.call.updateContainer(
      engine.v1.UpdateContainerRequest.fromPartial({ id, resources: { memory: 32 * MiB } }),
    );
    const [after] = await collect(containers.raw.containerStats({ id, stream: false }));
    expect(after.memoryLimit).toBe(32 * MiB);
    expect((await inspect(id)).HostConfig.Memory).toBe(32 * MiB);
    await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('lets two containers on a user network reach each other by name, and refuses a taken host port', async () => {
    const networks = dial(engine.v1.NetworksClient, join(dir, 'run', 'engine.sock'), { component: 'berthd' });
    try {
      await networks.call.createNetwork(
        engine.v1.CreateNetworkRequest.fromPartial({
          name: `u${TAG}`,
          subnet: `10.232.${parseInt(TAG, 16) % 250}.0/24`,
        }),
      );
      const server = await create('server', {
        cmd: ['sh', '-c', 'mkdir -p /www && echo by-name > /www/index.html && httpd -f -p 80 -h /www'],
        networkMode: `u${TAG}`,
        portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 }],
      });
      await containers.call.startContainer({ id: server });
      const client = await create('client', {
        cmd: [
          'sh',
          '-c',
          'for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://server/ && exit 0; sleep 0.3; done; exit 1',
        ],
        networkMode: `u${TAG}`,
      });
      await containers.call.startContainer({ id: client });
      expect((await containers.call.waitContainer({ id: client, condition: 0 })).statusCode).toBe(0);
      expect(await logs(client)).toContain('by-name');

      // A second container asking for the same host port fails to start and is left as created.
      const [bound] = (await containers.call.containerPort({ id: server })).ports;
      const clash = await create('clash', {
        cmd: ['sleep', '300'],
        portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: bound.hostPort }],
      });
      await expect(containers.call.startContainer({ id: clash })).rejects.toMatchObject({
        code: 'AlreadyExists',
      });
      expect((await inspect(clash)).State.Status).toBe('created');
      for (const id of [server, client, clash])
        await containers.call.removeContainer({ id, force: true, volumes: false });
      await networks.call.removeNetwork({ name: `u${TAG}` });
    } finally {
      networks.close();
    }
  }, 60_000);

  it('prunes stopped containers and their anonymous volumes', async () => {
    const system = dial(engine.v1.SystemClient, join(dir, 'run', 'engine.sock'), { component: 'berthd' });
    try {
      const running = await create('keeper', { cmd: ['sleep', '300'] });
      await containers.call.startContainer({ id: running });
      const stopped = await create('leftover', { binds: ['/scratch'], cmd: ['true'] });
      const anonymous = (await inspect(stopped)).Mounts[0].Name;
      const pruned = await system.call.pruneSystem({ all: false, volumes: true, filters: [] });
      expect(pruned.containersDeleted).toEqual([stopped]);
      expect(pruned.volumesDeleted).toEqual([anonymous]);
      expect((await inspect(running)).State.Status).toBe('running');
      await containers.call.removeContainer({ id: running, force: true, volumes: false });
    } finally {
      system.close();
    }
  }, 60_000);

  it('exports a stopped container and copies files out of it, volumes included', async () => {
    const id = await create('files', {
      binds: ['filevol:/vol'],
      cmd: ['sh', '-c', 'echo inside > /made-here; echo in-volume > /vol/v.txt'],
    });
    await containers.call.startContainer({ id });
    expect((await containers.call.waitContainer({ id, condition: 0 })).statusCode).toBe(0);
    const listTar = async (chunks: Buffer[]) => {
      const tar = spawn('tar', ['-t'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let names = '';
      tar.stdout.on('data', (chunk: Buffer) => (names += chunk.toString()));
      tar.stdin.end(Buffer.concat(chunks));
      await new Promise((done) => tar.on('close', done));
      return names.split('\n').filter(Boolean);
    };
    const exported = await collect(containers.raw.exportContainer({ id }));
    const names = await listTar(exported.map((m) => Buffer.from(m.data)));
    expect(names).toEqual(expect.arrayContaining(['./made-here', './bin/busybox']));

    const copied = await collect(containers.raw.copyFromContainer({ id, path: '/vol/v.txt' }));
    expect(copied[0].content).toMatchObject({ $case: 'stat', stat: { name: 'v.txt', size: 10 } });
    const data = copied.flatMap((m) => (m.content?.$case === 'data' ? [Buffer.from(m.content.data)] : []));
    expect(await listTar(data)).toEqual(['v.txt']);
    await expect(collect(containers.raw.copyFromContainer({ id, path: '/nope' }))).rejects.toMatchObject({
      details: expect.stringContaining('could not find the file /nope in container'),
    });
    // And back in: a tar of one file into the volume, then read through the container's eyes.
    await writeFile(join(dir, 'berthd-note.txt'), 'copied in\n');
    const tarIn = spawn('tar', ['-C', dir, '-c', 'berthd-note.txt'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    tarIn.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((done) => tarIn.on('close', done));
    await new Promise<void>((done, fail) => {
      const upload = containers.raw.copyToContainer((err) => (err ? fail(err) : done()));
      upload.write({
        content: { $case: 'header', header: { id, path: '/vol', noOverwriteDirNonDir: false } },
      });
      upload.write({ content: { $case: 'data', data: Buffer.concat(chunks) } });
      upload.end();
    });
    const back = await collect(containers.raw.copyFromContainer({ id, path: '/vol/berthd-note.txt' }));
    expect(back[0].content).toMatchObject({ $case: 'stat', stat: { name: 'berthd-note.txt', size: 10 } });
    await containers.call.removeContainer({ id, force: false, volumes: false });
    await volumes.call.removeVolume({ name: 'filevol', force: false });
  }, 60_000);

  it('survives kill -9 of berthd: running containers keep running, always ones come back', async () => {
    // berthd as its own process, bundled from the sources so it matches them.
    const bundle = join(dir, 'berthd.js');
    await run(require.resolve('esbuild/bin/esbuild'), [
      join(__dirname, '../src/daemon/entry.ts'),
      '--bundle',
      '--platform=node',
      '--packages=external',
      `--outfile=${bundle}`,
      '--log-level=error',
    ]);
    await daemon!.close();
    daemon = undefined;
    const options = engineOptions();
    const child = spawn(
      process.execPath,
      [
        bundle,
        '--root',
        options.root,
        '--run',
        options.run,
        '--socket',
        options.socket,
        '--images-socket',
        options.components.images,
        '--network-socket',
        options.components.network,
        '--shim-binary',
        options.shimBinary,
        '--init-binary',
        '',
        '--default-network',
        NETWORK,
        '--log-level',
        'warn',
      ],
      // The bundle lives in the temporary directory: let it find the workspace's packages.
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NODE_PATH: join(PACKAGES, '..', 'node_modules') },
      },
    );
    try {
      await waitForHealth(options.socket, 'berthd');
      const steady = await create('steady', { cmd: ['sleep', '300'] });
      const always = await create('always', {
        cmd: ['sleep', '300'],
        restartPolicy: { name: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ALWAYS, maximumRetryCount: 0 },
      });
      await containers.call.startContainer({ id: steady });
      await containers.call.startContainer({ id: always });
      const steadyPid = (await inspect(steady)).State.Pid;
      const alwaysPid = (await inspect(always)).State.Pid;
      child.kill('SIGKILL');
      await new Promise((done) => child.once('exit', done));
      // While the engine is gone, the "always" container dies.
      process.kill(alwaysPid, 'SIGKILL');
      daemon = await startEngineDaemon(engineOptions());
      let state: { Status: string; Pid: number } | undefined;
      for (let i = 0; i < 100; i++) {
        state = (await inspect(always)).State;
        if (state?.Status === 'running' && state.Pid !== alwaysPid) break;
        await new Promise((done) => setTimeout(done, 100));
      }
      expect(state?.Status).toBe('running');
      expect(state?.Pid).not.toBe(alwaysPid);
      expect((await inspect(steady)).State).toMatchObject({ Status: 'running', Pid: steadyPid });
      for (const id of [steady, always])
        await containers.call.removeContainer({ id, force: true, volumes: false });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('pauses and unpauses, follows logs until the exit, and removes --rm containers', async () => {
    const id = await create('ticker', {
      cmd: ['sh', '-c', 'read go; for i in 1 2 3; do echo tick $i; done'],
      openStdin: true,
    });
    await containers.call.startContainer({ id });
    await containers.call.pauseContainer({ id });
    expect((await inspect(id)).State).toMatchObject({ Status: 'paused', Paused: true });
    await expect(containers.call.pauseContainer({ id })).rejects.toMatchObject({
      message: expect.stringContaining('is already paused'),
    });
    await containers.call.unpauseContainer({ id });
    const followed = collect(
      containers.raw.containerLogs(
        engine.v1.ContainerLogsRequest.fromPartial({ id, follow: true, tail: -1 }),
      ),
    );
    // Let the process go on by feeding its stdin through an attach session.
    const stream = containers.raw.attachContainer();
    stream.on('error', () => undefined);
    stream.write(
      engine.v1.AttachContainerRequest.fromPartial({
        input: {
          $case: 'start',
          start: { id, stdin: true, stdout: false, stderr: false, detachKeys: '', logs: false },
        },
      }),
    );
    stream.write(
      engine.v1.AttachContainerRequest.fromPartial({ input: { $case: 'stdin', stdin: Buffer.from('go\n') } }),
    );
    const lines = (await followed).map((m) => Buffer.from(m.data).toString()).join('');
    expect(lines).toBe('tick 1\ntick 2\ntick 3\n');
    stream.end();
    await containers.call.removeContainer({ id, force: true, volumes: false });

    const once = await create('once', { cmd: ['true'], autoRemove: true });
    await containers.call.startContainer({ id: once });
    await containers.call
      .waitContainer({ id: once, condition: engine.v1.WaitCondition.WAIT_CONDITION_REMOVED })
      .catch(() => undefined);
    await expect(containers.call.inspectContainer({ id: once })).rejects.toMatchObject({ code: 'NotFound' });
  }, 60_000);

  it('fails clearly while berth-images is down and recovers when it is back', async () => {
    const images = children[0];
    images.kill('SIGTERM');
    await new Promise((done) => images.once('exit', done));
    await expect(create('orphan', { cmd: ['true'] })).rejects.toMatchObject({
      details: expect.stringContaining(`berth-images is not running at ${join(dir, 'run', 'images.sock')}`),
    });
    children[0] = startImages();
    await waitForHealth(join(dir, 'run', 'images.sock'), 'berth-images');
    let id = '';
    for (let i = 0; i < 50 && id === ''; i++) {
      id = await create('orphan', { cmd: ['true'] }).catch(() => '');
      if (id === '') await new Promise((done) => setTimeout(done, 100));
    }
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await containers.call.removeContainer({ id, force: false, volumes: false });
  }, 60_000);

  it("joins another container's network with --network container:<name>", async () => {
    const host = await create('netowner', {
      cmd: ['sh', '-c', 'mkdir -p /www && echo shared > /www/index.html && httpd -f -p 80 -h /www'],
    });
    await containers.call.startContainer({ id: host });
    const guest = await create('netguest', {
      cmd: [
        'sh',
        '-c',
        'for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://127.0.0.1/ && exit 0; sleep 0.3; done; exit 1',
      ],
      networkMode: 'container:netowner',
    });
    await containers.call.startContainer({ id: guest });
    expect((await containers.call.waitContainer({ id: guest, condition: 0 })).statusCode).toBe(0);
    expect(await logs(guest)).toBe('shared\n');
    for (const id of [guest, host])
      await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('gives --network none a namespace of its own with lo up, made by the runtime, joinable', async () => {
    // httpd on 127.0.0.1 answers only if the runtime brought lo up in the namespace it made.
    const owner = await create('loneowner', {
      cmd: ['sh', '-c', 'mkdir -p /www && echo alone > /www/index.html && httpd -f -p 127.0.0.1:80 -h /www'],
      networkMode: 'none',
    });
    await containers.call.startContainer({ id: owner });
    const state = (await inspect(owner)).State;
    expect((await inspect(owner)).NetworkSettings.SandboxKey).toBe(`/proc/${state.Pid}/ns/net`);
    // berth-network made no namespace for it.
    expect(await readdir(join(dir, 'run', 'netns')).catch(() => [])).not.toContain(owner);
    const guest = await create('loneguest', {
      cmd: [
        'sh',
        '-c',
        'for i in 1 2 3 4 5 6 7 8 9 10; do wget -q -O - http://127.0.0.1/ && exit 0; sleep 0.3; done; exit 1',
      ],
      networkMode: 'container:loneowner',
    });
    await containers.call.startContainer({ id: guest });
    expect((await containers.call.waitContainer({ id: guest, condition: 0 })).statusCode).toBe(0);
    expect(await logs(guest)).toBe('alone\n');
    for (const id of [guest, owner])
      await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('rotates json-file logs and reads the tail across rotated files', async () => {
    const id = await create('chatty', { cmd: ['seq', '1', '30000'] });
    await containers.call.startContainer({ id });
    await containers.call.waitContainer({ id, condition: 0 });
    const tail = await collect(
      containers.raw.containerLogs(engine.v1.ContainerLogsRequest.fromPartial({ id, tail: 3 })),
    );
    expect(tail.map((m) => Buffer.from(m.data).toString()).join('')).toBe('29998\n29999\n30000\n');
    const files = (await readdir(join(dir, 'engine', 'containers', id))).filter((f) =>
      f.includes('-json.log'),
    );
    expect(files.sort()).toEqual([`${id}-json.log`, `${id}-json.log.1`]);
    await containers.call.removeContainer({ id, force: false, volumes: false });
  }, 60_000);

  it('gives --privileged containers the host devices and every capability', async () => {
    const id = await create('mighty', {
      cmd: ['sh', '-c', 'test -c /dev/kmsg && grep CapEff /proc/self/status'],
      privileged: true,
    });
    await containers.call.startContainer({ id });
    expect((await containers.call.waitContainer({ id, condition: 0 })).statusCode).toBe(0);
    // Every capability this host lets the engine grant: its own bounding set.
    const bounding = /^CapBnd:\s*([0-9a-f]+)$/m.exec(await readFile('/proc/self/status', 'utf8'))![1];
    expect(await logs(id)).toBe(`CapEff:\t${bounding}\n`);
    await containers.call.removeContainer({ id, force: false, volumes: false });
  }, 60_000);

  it('runs containers in one shared shim and releases the claim of a start that failed', async () => {
    const shims = join(dir, 'run', 'shims');
    const claims = async () => {
      const held: Record<string, string[]> = {};
      for (const key of await readdir(shims))
        if (key.startsWith('shared-')) held[key] = await readdir(join(shims, key, 'claims')).catch(() => []);
      return held;
    };
    const a = await create('shared-a', { cmd: ['sleep', '300'] });
    const b = await create('shared-b', { cmd: ['sleep', '300'] });
    const broken = await create('shared-broken', { cmd: ['/no/such/program'] });
    await containers.call.startContainer({ id: a });
    await containers.call.startContainer({ id: b });
    const holders = Object.entries(await claims()).filter(([, ids]) => ids.includes(a) || ids.includes(b));
    expect(holders).toHaveLength(1);
    // berthd's keeper claim holds the shim for the next container once these are gone.
    expect(holders[0]![1]).toEqual(expect.arrayContaining([a, b, 'berthd-keeper']));
    await expect(containers.call.startContainer({ id: broken })).rejects.toThrow();
    expect(Object.values(await claims()).flat()).not.toContain(broken);
    for (const id of [a, b, broken])
      await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);

  it('starts a container whose shim still holds a task of a run the engine missed', async () => {
    const host = await create('stalehost', { cmd: ['sleep', '300'], networkMode: 'none' });
    await containers.call.startContainer({ id: host });
    const id = await create('stale', { cmd: ['echo', 'ran'], networkMode: 'none' });
    // A task of this id left in berthd's shared shim, as by a run whose exit berthd missed: a
    // bundle of the test's on the running container's root filesystem.
    const spec = JSON.parse(
      await readFile(join(dir, 'engine', 'containers', host, 'bundle', 'config.json'), 'utf8'),
    );
    delete spec.linux.cgroupsPath;
    spec.process.args = ['true'];
    const bundle = await mkdtemp(join(dir, 'stale-'));
    await writeFile(join(bundle, 'config.json'), JSON.stringify(spec));
    const shims = join(dir, 'run', 'shims');
    const key = (await readdir(shims)).find((k) => k.startsWith('shared-'));
    const shim = dial(task.v1.TaskClient, join(shims, key!, 'shim.sock'), { component: 'berth-shim' });
    try {
      await shim.call.claim({ id, maxPerShim: 0 });
      await shim.call.create(task.v1.CreateRequest.fromPartial({ id, bundle }));
    } finally {
      shim.close();
    }
    await containers.call.startContainer({ id });
    expect((await containers.call.waitContainer({ id, condition: 0 })).statusCode).toBe(0);
    expect(await logs(id)).toBe('ran\n');
    for (const each of [id, host])
      await containers.call.removeContainer({ id: each, force: true, volumes: false });
  }, 60_000);

  it('refuses a name already in use', async () => {
    const id = await create('taken', { cmd: ['true'] });
    await expect(create('taken', { cmd: ['true'] })).rejects.toMatchObject({
      details: expect.stringContaining('already in use'),
    });
    await containers.call.removeContainer({ id, force: false, volumes: false });
  }, 30_000);

  it('restarts on failure up to the limit', async () => {
    const id = await create('flaky', {
      cmd: ['sh', '-c', 'exit 3'],
      restartPolicy: {
        name: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE,
        maximumRetryCount: 2,
      },
    });
    await containers.call.startContainer({ id });
    for (let i = 0; i < 100 && (await inspect(id)).RestartCount < 2; i++)
      await new Promise((done) => setTimeout(done, 100));
    for (let i = 0; i < 100 && (await inspect(id)).State.Status !== 'exited'; i++)
      await new Promise((done) => setTimeout(done, 100));
    expect(await inspect(id)).toMatchObject({ RestartCount: 2, State: { Status: 'exited', ExitCode: 3 } });
    await containers.call.removeContainer({ id, force: true, volumes: false });
  }, 60_000);
});
