// berthd's Build RPC through the real berth-images, berth-network and berth-shim (their built
// binaries), on the busybox fixture image: overlay snapshots, RUN steps in containers of the
// build's shim, layers read off the upper dirs, images stored through WriteContent/CreateImage.
// Needs root, overlayfs, nftables and cgroups. Everything lives in a temporary directory with its
// own bridge, nftables table, subnet and registry, and is removed even when a test fails.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { engine, health, images } from '@berth/api';
import { contextManifest, loadDockerignore, packContext, packContextFiles } from '@berth/builder';
import { busyboxLayout, startRegistry, type RunningRegistry, removeStackLeftovers } from '@berth/fixtures';
import { createLogger, dial, type BerthClient } from '@berth/kit';
import { startEngineDaemon, type EngineDaemon } from '../src/index';
import { collect } from './support/collect';

const run = promisify(execFile);
const PACKAGES = resolve(__dirname, '../..');
const TAG = randomBytes(2).toString('hex');
const NETWORK = `bb${TAG}`;
const TABLE = `berthbuild${TAG}`;

interface Built {
  result: engine.v1.BuildResult;
  steps: engine.v1.BuildStep[];
  output: string;
  /** The files berthd asked for (incremental uploads). */
  wanted: string[];
}

const MAIN = `ARG BASE=busybox
FROM \${BASE} AS build
ARG GREETING=hello
ENV WHO=berth
WORKDIR /work
COPY --chown=65534:65534 src/*.txt ./
ADD bundle.tar.gz /opt/
RUN ls -n . > /tmp/owners && rm /bin/vi && echo "$GREETING $WHO" > greeting && ls /opt/bundle > listing
RUN mkdir -p /out && cp /bin/busybox /out/tool && echo built >&2
USER 65534
RUN id -u > /tmp/uid && pwd > /tmp/pwd

FROM scratch
COPY --from=build /out/tool /bin/busybox
COPY --from=build /work/ /work/
COPY --from=build /tmp/uid /tmp/pwd /tmp/owners /facts/
COPY . /ctx/
CMD ["/bin/busybox", "sh", "-c", "cat /work/greeting /work/listing /facts/owners /facts/uid /facts/pwd; ls /ctx"]
`;

describe('berthd Build with the real component daemons', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  let daemon: EngineDaemon | undefined;
  let registry: RunningRegistry | undefined;
  let builds: BerthClient<engine.v1.ImagesClient>;
  let containers: BerthClient<engine.v1.ContainersClient>;
  let snapshots: BerthClient<images.v1.SnapshotsClient>;
  let context: string;

  const startChild = (binary: string, args: string[]) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };

  const waitForHealth = async (socket: string, component: string) => {
    const client = dial(health.v1.HealthClient, socket, { component });
    try {
      await client.waitForReady(20_000);
    } finally {
      client.close();
    }
  };

  async function writeContext(files: Record<string, string | Buffer>): Promise<string> {
    const root = await mkdtemp(join(dir, 'context-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
    return root;
  }

  /**
   * What `berth build` sends: the options, then the context tar (with .dockerignore) in chunks;
   * with a contextId, the context's manifest and then only the files berthd asks for.
   */
  async function build(root: string, options: Partial<engine.v1.BuildOptions>): Promise<Built> {
    const call = builds.raw.build();
    const messages = collect(call);
    call.write({ part: { $case: 'options', options: engine.v1.BuildOptions.fromPartial(options) } });
    const wanted: string[] = [];
    if (options.contextId !== undefined) {
      const entries = await contextManifest(root, await loadDockerignore(root));
      call.write({ part: { $case: 'manifest', manifest: { entries, last: true } } });
      await new Promise<void>((done, fail) => {
        const onData = ({ event }: engine.v1.BuildResponse) => {
          if (event?.$case !== 'contextWanted') return;
          wanted.push(...event.contextWanted.paths);
          if (event.contextWanted.last) {
            call.off('data', onData);
            done();
          }
        };
        call.on('data', onData);
        messages.catch(fail);
      });
      for await (const chunk of packContextFiles(root, wanted))
        call.write({ part: { $case: 'context', context: chunk as Buffer } });
    } else {
      for await (const chunk of packContext(root, await loadDockerignore(root)))
        call.write({ part: { $case: 'context', context: chunk as Buffer } });
    }
    call.end();
    const received = await messages.catch(async (err: unknown) =>
      Promise.reject(await builds.toBerthError(err)),
    );
    const steps: engine.v1.BuildStep[] = [];
    let output = '';
    let result: engine.v1.BuildResult | undefined;
    for (const { event } of received) {
      if (event?.$case === 'step') steps.push(event.step);
      if (event?.$case === 'output') output += Buffer.from(event.output.data).toString();
      if (event?.$case === 'result') result = event.result;
    }
    if (result === undefined) throw new Error('no result');
    return { result, steps, output, wanted };
  }

  async function runImage(image: string, cmd: string[] = []): Promise<string> {
    const created = await collect(
      containers.raw.createContainer(
        engine.v1.CreateContainerRequest.fromPartial({ config: { image, cmd } }),
      ),
    );
    const last = created.at(-1)?.result;
    if (last?.$case !== 'created') throw new Error('no created message');
    const id = last.created.id;
    try {
      await containers.call.startContainer({ id });
      await containers.call.waitContainer(engine.v1.WaitContainerRequest.fromPartial({ id }), {
        deadlineMs: 30_000,
      });
      const logs = await collect(
        containers.raw.containerLogs(engine.v1.ContainerLogsRequest.fromPartial({ id, tail: -1 })),
      );
      return logs.map((m) => Buffer.from(m.data).toString()).join('');
    } finally {
      await containers.call.removeContainer({ id, force: true, volumes: true });
    }
  }

  /**
   * What a build must never leave: active snapshots, mounts, scratch dirs, tasks in shims. A
   * step's task may be deleted just after the build answered: give it a moment.
   */
  async function leftovers(): Promise<string[]> {
    for (let tries = 0; ; tries++) {
      const found = await leftoversNow();
      if (found.length === 0 || tries === 50) return found;
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async function leftoversNow(): Promise<string[]> {
    const found: string[] = [];
    const { snapshots: list } = await snapshots.call.listSnapshots({});
    for (const info of list)
      if (info.kind !== images.v1.SnapshotKind.SNAPSHOT_KIND_COMMITTED) found.push(`snapshot ${info.key}`);
    const mounts = await readFile('/proc/self/mounts', 'utf8');
    for (const line of mounts.split('\n')) if (line.includes(` ${dir}/`)) found.push(`mount ${line}`);
    for (const entry of await readdir(join(dir, 'engine', 'builder', 'tmp')).catch(() => []))
      found.push(`tmp ${entry}`);
    // Build shims stay a while for the next build, but own no task once a build is over.
    for (const shim of await readdir(join(dir, 'run', 'shims')).catch(() => [] as string[])) {
      if (shim.startsWith('.')) continue;
      for (const task of await readdir(join(dir, 'run', 'shims', shim, 'tasks')).catch(() => []))
        found.push(`task ${task}`);
    }
    return found;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'beb-'));
    const runDir = join(dir, 'run');
    startChild(join(PACKAGES, 'image-store/dist/daemon/entry.js'), [
      ...['--root', join(dir, 'images'), '--run', runDir, '--socket', join(runDir, 'images.sock')],
      ...['--log-level', 'warn'],
    ]);
    startChild(join(PACKAGES, 'network/bin/berth-network'), [
      ...['--root', join(dir, 'network'), '--run', runDir, '--socket', join(runDir, 'network.sock')],
      ...['--log-level', 'warn', '--table', TABLE, '--veth-prefix', `w${TAG}`, '--bridge-prefix', `c${TAG}-`],
      ...['--default-network', NETWORK, '--default-bridge', NETWORK],
      ...['--default-subnet', `10.232.${parseInt(TAG, 16) % 250}.0/24`],
    ]);
    await waitForHealth(join(runDir, 'images.sock'), 'berth-images');
    await waitForHealth(join(runDir, 'network.sock'), 'berth-network');
    const imagesClient = dial(images.v1.ImagesClient, join(runDir, 'images.sock'), {
      component: 'berth-images',
    });
    const layout = await busyboxLayout();
    const tar = spawn('tar', ['-C', layout.dir, '-c', '.']);
    await new Promise<images.v1.ImportResponse>((done, fail) => {
      const call = imagesClient.raw.import((err, response) => (err ? fail(err) : done(response!)));
      tar.stdout.on('data', (chunk: Buffer) => call.write({ data: chunk, name: '' }));
      tar.stdout.on('end', () => call.end());
    });
    imagesClient.close();
    snapshots = dial(images.v1.SnapshotsClient, join(runDir, 'images.sock'), { component: 'berth-images' });
    daemon = await startEngineDaemon({
      root: join(dir, 'engine'),
      run: runDir,
      socket: join(runDir, 'engine.sock'),
      components: { images: join(runDir, 'images.sock'), network: join(runDir, 'network.sock') },
      shimBinary: join(PACKAGES, 'shim/bin/berth-shim'),
      initBinary: '',
      defaultNetwork: NETWORK,
      log: createLogger({ component: 'engine-build-test', level: 'warn' }),
      handleSignals: false,
    });
    builds = dial(engine.v1.ImagesClient, join(runDir, 'engine.sock'), { component: 'berthd' });
    containers = dial(engine.v1.ContainersClient, join(runDir, 'engine.sock'), { component: 'berthd' });

    const bundle = join(dir, 'bundle-src');
    await mkdir(join(bundle, 'bundle'), { recursive: true });
    await writeFile(join(bundle, 'bundle', 'inside.txt'), 'from the tarball\n');
    await run('tar', ['-C', bundle, '-czf', join(dir, 'bundle.tar.gz'), 'bundle']);
    context = await writeContext({
      Dockerfile: MAIN,
      'src/a.txt': 'a\n',
      'src/b.txt': 'b\n',
      'src/skip.md': 'not copied\n',
      'bundle.tar.gz': await readFile(join(dir, 'bundle.tar.gz')),
      'secret.key': 'never sent\n',
      '.dockerignore': 'secret.key\n',
    });
  }, 120_000);

  afterAll(async () => {
    builds?.close();
    containers?.close();
    snapshots?.close();
    await daemon?.close();
    await registry?.stop();
    await removeStackLeftovers({
      dir,
      runDir: join(dir, 'run'),
      children,
      links: new RegExp(`^(${NETWORK}|w${TAG}|c${TAG}-)`),
      nftTable: TABLE,
    });
  }, 60_000);

  it('builds a multi-stage Dockerfile into a runnable image, and reuses every step the second time', async () => {
    const first = await build(context, { dockerfile: MAIN, tags: ['app:1'], buildArgs: { GREETING: 'hi' } });
    expect(first.result.tags).toEqual(['app:1']);
    expect(first.result.cached).toBe(0);
    expect(first.output).toContain('built\n');
    expect(first.steps.map((s) => s.step)).toContain('[stage-1 6/6]');
    expect(await leftovers()).toEqual([]);

    const logs = await runImage('app:1');
    expect(logs.split('\n')).toEqual([
      'hi berth',
      'inside.txt',
      'total 8',
      expect.stringMatching(/^-rw-r--r-- +1 65534 +65534 +2 .* a\.txt$/),
      expect.stringMatching(/^-rw-r--r-- +1 65534 +65534 +2 .* b\.txt$/),
      '65534',
      '/work',
      'Dockerfile',
      'bundle.tar.gz',
      'src',
      '',
    ]);
    // The build stage's image: the RUN's deletion of a lower-layer file is a whiteout.
    await build(context, {
      dockerfile: MAIN,
      tags: ['app:build'],
      buildArgs: { GREETING: 'hi' },
      target: 'build',
    });
    expect(
      await runImage('app:build', ['sh', '-c', 'test ! -e /bin/vi && test -e /bin/ls && echo gone']),
    ).toBe('gone\n');

    // Incremental uploads from here on: the first sends everything, then only what changed.
    const incremental = {
      dockerfile: MAIN,
      tags: ['app:1'],
      buildArgs: { GREETING: 'hi' },
      contextId: 'test:ctx',
    };
    const second = await build(context, incremental);
    expect(second.wanted).toContain('src/b.txt');
    expect(second.result).toMatchObject({ executed: 0, imageId: first.result.imageId });
    expect(second.output).toBe('');
    expect(second.steps.filter((s) => /^(RUN|COPY|ADD) /.test(s.text)).every((s) => s.cached)).toBe(true);

    // A changed file: its COPY and everything after it run again, the steps before are reused.
    await writeFile(join(context, 'src', 'b.txt'), 'B\n');
    const third = await build(context, incremental);
    expect(third.wanted).toEqual(['src/b.txt']);
    const fsSteps = third.steps.filter((s) => /^(RUN|COPY|ADD|WORKDIR) /.test(s.text));
    const firstRun = fsSteps.findIndex((s) => !s.cached);
    expect(fsSteps[firstRun].text).toBe('COPY --chown=65534:65534 src/*.txt ./');
    expect(fsSteps.slice(0, firstRun).map((s) => s.text)).toEqual(['WORKDIR /work']);
    expect(fsSteps.find((s) => s.text.startsWith('RUN /bin/sh -c id -u'))?.cached).toBe(false);
    expect(third.result.imageId).not.toBe(first.result.imageId);

    const history = await builds.call.imageHistory({ name: 'app:1' });
    expect(history.items[0]).toMatchObject({ id: third.result.imageId, tags: ['app:1'] });
    expect(history.items.map((item) => item.createdBy)).toContain('COPY . /ctx/');
    expect(await leftovers()).toEqual([]);
  }, 120_000);

  it('fails a RUN with the step, command and exit code, and leaves nothing behind', async () => {
    const dockerfile = 'FROM busybox\nRUN echo start > /started\nRUN echo failing; exit 3\n';
    const root = await writeContext({});
    await expect(build(root, { dockerfile, network: 'none' })).rejects.toMatchObject({
      code: 'FailedPrecondition',
      message: expect.stringContaining(
        'RUN echo failing; exit 3: process "/bin/sh -c echo failing; exit 3" did not complete successfully: exit code: 3',
      ),
    });
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it('stores a build without -t untagged, found by its ID; a cached step whose blob is gone runs again', async () => {
    const root = await writeContext({ 'f.txt': 'from f\n' });
    const dockerfile = 'FROM busybox\nCOPY f.txt /f.txt\nRUN cat /f.txt > /g.txt\nCMD ["cat", "/g.txt"]\n';
    const first = await build(root, { dockerfile, network: 'none' });
    const id = first.result.imageId;
    const listed = async () =>
      (await builds.call.listImages(engine.v1.ListImagesRequest.fromPartial({}))).images.filter(
        (image) => image.id === id,
      );
    // docker's <none> <none>, listed under its ID (the config digest).
    expect(await listed()).toEqual([expect.objectContaining({ repoTags: [], repoDigests: [] })]);
    expect(await runImage(id.slice(7, 19))).toBe('from f\n');
    const inspected = JSON.parse((await builds.call.inspectImage({ name: id })).json);
    expect(inspected).toMatchObject({ Id: id, RepoTags: [] });
    await builds.call.tagImage({ source: id.slice(7), target: 'untagged:1' });
    expect(await listed()).toEqual([expect.objectContaining({ repoTags: ['untagged:1'] })]);
    await builds.call.removeImage(engine.v1.RemoveImageRequest.fromPartial({ name: id.slice(7, 19) }));
    await expect(builds.call.inspectImage({ name: id })).rejects.toMatchObject({ code: 'NotFound' });

    // The RUN's layer blob removed behind the cache's back: that step runs again, the build works.
    const manifestFile = (digest: string) =>
      join(dir, 'images', 'content', 'blobs', 'sha256', digest.slice(7));
    const manifest = JSON.parse(await readFile(manifestFile(first.result.manifestDigest), 'utf8'));
    await rm(manifestFile(manifest.layers.at(-1).digest));
    const again = await build(root, { dockerfile, network: 'none' });
    expect(again.steps.find((step) => step.text.startsWith('COPY'))?.cached).toBe(true);
    expect(again.steps.find((step) => step.text.startsWith('RUN'))?.cached).toBe(false);
    expect(await runImage(again.result.imageId)).toBe('from f\n');
    expect(
      await builds.call.removeImage(
        engine.v1.RemoveImageRequest.fromPartial({ name: again.result.imageId.slice(7, 19) }),
      ),
    ).toEqual({ untagged: [], deleted: [again.result.imageId] });
    // Untagged images are what a plain prune removes.
    expect((await build(root, { dockerfile, network: 'none' })).result.executed).toBe(0);
    const pruned = await builds.call.pruneImages(engine.v1.PruneImagesRequest.fromPartial({}));
    expect(pruned.untagged).toEqual([again.result.manifestDigest]);
    expect(await leftovers()).toEqual([]);
  }, 60_000);

  it('stops a build the client cancels: the RUN is killed, nothing is stored or left behind', async () => {
    const root = await writeContext({});
    const seconds = 1000 + parseInt(TAG, 16);
    const dockerfile = `FROM busybox\nRUN echo started; exec sleep ${seconds}\n`;
    const before = (await builds.call.listImages(engine.v1.ListImagesRequest.fromPartial({}))).images.length;
    const call = builds.raw.build();
    const ended = new Promise<Error | undefined>((done) => {
      call.on('data', (message: engine.v1.BuildResponse) => {
        const event = message.event;
        if (event?.$case === 'output' && Buffer.from(event.output.data).toString().includes('started'))
          call.cancel();
      });
      call.on('error', done);
      call.on('end', () => done(undefined));
    });
    call.write({
      part: {
        $case: 'options',
        options: engine.v1.BuildOptions.fromPartial({ dockerfile, network: 'none' }),
      },
    });
    for await (const chunk of packContext(root))
      call.write({ part: { $case: 'context', context: chunk as Buffer } });
    call.end();
    expect(await ended).toMatchObject({ message: expect.stringContaining('Cancelled') });
    expect(await leftovers()).toEqual([]);
    await expect(run('pgrep', ['-f', `sleep ${seconds}`])).rejects.toMatchObject({ code: 1 });
    expect((await builds.call.listImages(engine.v1.ListImagesRequest.fromPartial({}))).images.length).toBe(
      before,
    );
  }, 60_000);

  it.each([
    ['FROM busybox\nBOGUS x\n', 'Dockerfile:2: unknown instruction: BOGUS'],
    ['FROM busybox\nCMD ["a", b]\n', 'Dockerfile:2: CMD: invalid JSON exec form'],
    ['RUN true\n', 'Dockerfile:1: RUN: no build stage in current context (missing FROM)'],
    [
      'FROM busybox\nCOPY --from=127.0.0.1:9/nowhere /x /x\n',
      'COPY --from=127.0.0.1:9/nowhere: not a build stage',
    ],
    [
      'FROM busybox\nCOPY ../outside /x\n',
      'Dockerfile:2: COPY: ../outside: forbidden path outside the build context',
    ],
  ])('refuses %j with one clear error', async (dockerfile, message) => {
    const root = await writeContext({});
    await expect(build(root, { dockerfile })).rejects.toMatchObject({
      message: expect.stringContaining(message),
    });
  });

  it('fails a build on a context entry escaping the directory even when no step reads the context', async () => {
    // A client packing a file beside its context under a name climbing out of it.
    const root = await writeContext({});
    await writeFile(join(root, '..', 'evil'), 'x');
    const pack = packContextFiles(root, ['../evil']);
    const call = builds.raw.build();
    const messages = collect(call);
    const options = engine.v1.BuildOptions.fromPartial({
      dockerfile: 'FROM busybox\nENV A=1\n',
      tags: ['evil:1'],
    });
    call.write({ part: { $case: 'options', options } });
    for await (const chunk of pack) call.write({ part: { $case: 'context', context: chunk as Buffer } });
    call.end();
    const failed = await messages.then(
      () => undefined,
      (err: unknown) => builds.toBerthError(err),
    );
    expect(failed).toMatchObject({ code: 'InvalidArgument', message: expect.stringContaining('../evil') });
    expect(await leftovers()).toEqual([]);
    // Nothing stored: the upload is checked before the image is.
    await expect(builds.call.inspectImage({ name: 'evil:1' })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('builds two stages with a RUN each side by side, pushes the image, and skopeo reads it', async () => {
    registry = await startRegistry();
    const root = await writeContext({ 'msg.txt': 'pushed\n' });
    // Two stages with a RUN each, built side by side.
    const dockerfile = [
      'FROM busybox AS side',
      'RUN echo side > /side',
      'FROM busybox',
      'COPY msg.txt /msg.txt',
      'RUN cat /msg.txt > /copy.txt',
      'COPY --from=side /side /side',
      'CMD ["cat", "/copy.txt", "/side"]',
      '',
    ].join('\n');
    const target = `${registry.host}/built/app:1`;
    const built = await build(root, { dockerfile, tags: [target] });
    await collect(builds.raw.pushImage(engine.v1.PushImageRequest.fromPartial({ reference: target })));
    const pulled = join(dir, 'pulled');
    await run('skopeo', ['copy', '--src-tls-verify=false', `docker://${target}`, `oci:${pulled}:app`]);
    const index = JSON.parse(await readFile(join(pulled, 'index.json'), 'utf8'));
    const manifest = JSON.parse(
      await readFile(join(pulled, 'blobs', 'sha256', index.manifests[0].digest.slice(7)), 'utf8'),
    );
    expect(manifest.config.digest).toBe(built.result.imageId);
    expect(await runImage(target)).toBe('pushed\nside\n');
  }, 60_000);
});
