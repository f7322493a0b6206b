import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageConfig, ImageManifest } from '@berth/oci';
import { startRegistry } from '@berth/fixtures';
import { BuildStepError, chainIdOfLayers, DockerfileError } from '../src';
import { harness, type Harness } from './helpers';

jest.setTimeout(180_000);

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.cleanup();
});

async function imageOf(tag: string): Promise<{ manifest: ImageManifest; config: ImageConfig }> {
  const image = await h.backend.layout.image(tag);
  return { manifest: image.manifest, config: image.config };
}

const MULTI_STAGE = `# syntax=docker/dockerfile:1
ARG BASE=busybox
FROM \${BASE} AS build
ARG GREETING=hello
ENV APP_HOME=/app \\
    MODE=release
WORKDIR $APP_HOME
COPY --chown=65534:65534 src/*.txt ./
COPY <<EOF /app/script.sh
#!/bin/sh
echo "$GREETING from \${MODE:-debug}" > /app/out.txt
EOF
RUN chmod +x script.sh && ./script.sh && echo compiled
RUN rm /bin/vi

FROM build AS check
RUN test ! -e /bin/vi && test -s /app/out.txt

FROM scratch
COPY --from=build /bin/busybox /bin/cat
COPY --from=build --chown=65534 /app/ /srv/
USER 65534
WORKDIR /srv
ENTRYPOINT ["/bin/cat"]
CMD ["out.txt"]
LABEL org.example.name="multi stage"
EXPOSE 8080 53/udp
`;

const MULTI_STAGE_RUNNABLE = `FROM busybox AS build
COPY msg.txt /src/msg.txt
RUN cp /src/msg.txt /message

FROM scratch
COPY --from=build /bin/busybox /bin/cat
COPY --from=build /message /message
ENTRYPOINT ["/bin/cat"]
CMD ["/message"]
`;

describe('Builder with the directory backend (busybox base)', () => {
  it('builds a multi-stage Dockerfile into an OCI image with layers, config and history', async () => {
    const context = await h.context({
      'src/a.txt': 'A',
      'src/b.txt': 'B',
      'src/c.md': 'C',
      'notes.log': 'x',
    });
    const result = await h.build(context, {
      dockerfile: MULTI_STAGE,
      tags: ['app:1', 'app:latest'],
      buildArgs: { GREETING: 'hi' },
    });
    expect(result.tags).toEqual(['app:1', 'app:latest']);

    const { manifest, config } = await imageOf('app:1');
    expect(config.config).toMatchObject({
      Entrypoint: ['/bin/cat'],
      Cmd: ['out.txt'],
      User: '65534',
      WorkingDir: '/srv',
      Labels: { 'org.example.name': 'multi stage' },
      ExposedPorts: { '8080/tcp': {}, '53/udp': {} },
    });
    const configHash = execFileSync('sha256sum', [
      h.backend.layout.blobPath(manifest.config.digest),
    ]).toString();
    expect(`sha256:${configHash.split(' ')[0]}`).toBe(result.imageId);
    expect(manifest.layers).toHaveLength(config.rootfs.diff_ids.length);
    expect(config.history?.filter((entry) => entry.empty_layer !== true)).toHaveLength(
      manifest.layers.length,
    );
    expect(config.history?.map((entry) => entry.created_by)).toEqual([
      'COPY --from=build /bin/busybox /bin/cat',
      'COPY --from=build --chown=65534 /app/ /srv/',
      'USER 65534',
      'WORKDIR /srv',
      'ENTRYPOINT ["/bin/cat"]',
      'CMD ["out.txt"]',
      'LABEL org.example.name="multi stage"',
      'EXPOSE 8080 53/udp',
    ]);

    // The app layer carries the script's output with the build arg substituted, the files
    // copied by glob (the .md file was not selected), owned as --chown says (uid alone: gid = uid).
    const appLayer = await h.layerEntries(manifest.layers[1].digest);
    expect(appLayer.get('srv/out.txt')?.body).toBe('hi from release\n');
    expect(appLayer.get('srv/a.txt')).toMatchObject({ uid: 65534, gid: 65534, body: 'A' });
    expect(appLayer.has('srv/c.md')).toBe(false);

    // The check stage was not needed by the target, so it did not run.
    expect(h.events.some((event) => event.type === 'step' && event.stage === 'check')).toBe(false);
  });

  it('records deletions from a lower layer as whiteouts', async () => {
    const context = await h.context({});
    await h.build(context, {
      dockerfile: 'FROM busybox\nRUN rm /bin/vi && mkdir -p /data && echo x > /data/f\n',
      tags: ['wh'],
    });
    const { manifest } = await imageOf('wh');
    const layer = await h.layerEntries(manifest.layers[1].digest);
    expect(layer.has('bin/.wh.vi')).toBe(true);
    expect(layer.get('data/f')?.body).toBe('x\n');
  });

  it('reuses every step on a second build, and reruns from a changed file on', async () => {
    const dockerfile =
      'FROM busybox\nCOPY a.txt /a.txt\nRUN cat /a.txt > /copy.txt\nCOPY b.txt /b.txt\nCMD ["sh"]\n';
    const context = await h.context({ 'a.txt': 'one', 'b.txt': 'two' });
    const first = await h.build(context, { dockerfile, tags: ['c'] });
    expect(first).toMatchObject({ executed: 3, cached: 0 });

    const second = await h.build(context, { dockerfile, tags: ['c'] });
    expect(second).toMatchObject({ executed: 0, cached: 3, imageId: first.imageId });

    await writeFile(join(context, 'b.txt'), 'changed');
    const third = await h.build(context, { dockerfile, tags: ['c'] });
    expect(third).toMatchObject({ executed: 1, cached: 2 });
    expect(third.imageId).not.toBe(first.imageId);

    const fourth = await h.build(context, { dockerfile, tags: ['c'], noCache: true });
    expect(fourth).toMatchObject({ executed: 3, cached: 0 });
  });

  it('remembers whether a WORKDIR exists in a chain, so a rebuild mounts no view for it', async () => {
    const dockerfile = 'FROM busybox\nWORKDIR /bin\nWORKDIR /made\nRUN pwd > /where\n';
    const context = await h.context({});
    const first = await h.build(context, { dockerfile, tags: ['wd'] });
    expect(first).toMatchObject({ executed: 2, cached: 0 });
    const views = jest.spyOn(h.backend, 'view');
    try {
      const second = await h.build(context, { dockerfile, tags: ['wd'] });
      expect(second).toMatchObject({ executed: 0, cached: 2, imageId: first.imageId });
      expect(views).not.toHaveBeenCalled();
    } finally {
      views.mockRestore();
    }
    const { manifest } = await imageOf('wd');
    const layer = await h.layerEntries(manifest.layers[manifest.layers.length - 1].digest);
    expect(layer.get('where')?.body).toBe('/made\n');
  });

  it('runs RUN with build args, ENV, USER and WORKDIR, streaming output', async () => {
    const dockerfile = [
      'FROM busybox',
      'ARG WHO=nobody-default',
      'ENV WHERE=/work',
      'WORKDIR $WHERE/sub',
      'USER nobody',
      'RUN echo "$WHO $WHERE $(id -u):$(id -g) $(pwd)"',
      'USER root',
      'RUN echo "root: $(id -u)" && test -d /work/sub',
    ].join('\n');
    await h.build(await h.context({}), {
      dockerfile,
      tags: ['env'],
      buildArgs: { WHO: 'me', UNUSED: '1' },
      labels: { 'org.example.built-by': 'test' },
    });
    const output = h.events
      .flatMap((event) => (event.type === 'output' ? [event.data.toString()] : []))
      .join('');
    expect(output).toContain('me /work 65534:65534 /work/sub');
    expect(output).toContain('root: 0');
    expect(h.events).toContainEqual({
      type: 'warning',
      message: 'One or more build-args [UNUSED] were not consumed',
    });
    const { config } = await imageOf('env');
    expect(config.config?.Env).toContain('WHERE=/work');
    expect(config.config?.Labels).toEqual({ 'org.example.built-by': 'test' });
    expect(config.config?.Env?.some((entry) => entry.startsWith('WHO='))).toBe(false);
  });

  it('ADD unpacks a local tarball; .dockerignore keeps files out of the context', async () => {
    const context = await h.context({
      'payload/dir/inner.txt': 'inside',
      'secret.key': 'k',
      '.dockerignore': '*.key\npayload\n',
    });
    execFileSync('tar', ['-czf', join(context, 'bundle.tar.gz'), '-C', join(context, 'payload'), 'dir']);
    await h.build(context, {
      dockerfile: 'FROM busybox\nADD bundle.tar.gz /opt/\nCOPY . /ctx/\n',
      tags: ['add'],
    });
    const { manifest } = await imageOf('add');
    const added = await h.layerEntries(manifest.layers[1].digest);
    expect(added.get('opt/dir/inner.txt')?.body).toBe('inside');
    const copied = await h.layerEntries(manifest.layers[2].digest);
    expect([...copied.keys()].sort()).toEqual(['ctx', 'ctx/.dockerignore', 'ctx/bundle.tar.gz']);
  });

  it('ADD fetches a URL from a server on 127.0.0.1 and checks its checksum', async () => {
    const body = 'payload from the server\n';
    const server = createServer((_request, response) => response.end(body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dl/payload.txt`;
      const checksum = `sha256:${createHash('sha256').update(body).digest('hex')}`;
      await h.build(await h.context({}), {
        dockerfile: `FROM busybox\nADD --checksum=${checksum} ${url} /opt/\n`,
        tags: ['url'],
      });
      const { manifest } = await imageOf('url');
      const layer = await h.layerEntries(manifest.layers[1].digest);
      expect(layer.get('opt/payload.txt')).toMatchObject({ body, mode: 0o600 });
      const wrong = `sha256:${'1'.repeat(64)}`;
      await expect(
        h.build(await h.context({}), {
          dockerfile: `FROM busybox\nADD --checksum=${wrong} ${url} /opt/\n`,
          tags: ['url2'],
        }),
      ).rejects.toThrow('digest mismatch');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a platform other than the host', async () => {
    await expect(
      h.build(await h.context({}), { dockerfile: 'FROM busybox\n', platform: 'linux/s390x' }),
    ).rejects.toThrow('--platform: platform linux/s390x is not supported');
  });

  it('compresses and stores a layer while later steps run; a blob that fails fails the build', async () => {
    const context = await h.context({ 'a.txt': 'a' });
    const dockerfile = 'FROM busybox\nCOPY a.txt /a.txt\nRUN echo later > /later\n';
    const storeLayer = jest
      .spyOn(h.backend, 'storeLayer')
      .mockRejectedValueOnce(new Error('content store full'));
    await expect(h.build(context, { dockerfile, tags: ['broken'] })).rejects.toThrow('content store full');
    expect(await h.activeLeftovers()).toEqual([]);
    await expect(h.backend.layout.image('broken')).rejects.toThrow('not found');
    expect((await readdir(h.dir)).filter((name) => name.startsWith('berth-build-'))).toEqual([]);
    storeLayer.mockRestore();
    // Nothing of the failed step was recorded: the COPY runs again, and its blob is stored.
    h.events.length = 0;
    const result = await h.build(context, { dockerfile, tags: ['fixed'] });
    expect(result.executed).toBe(2);
    const manifest = await h.backend.layout.image('fixed');
    for (const layer of manifest.manifest.layers)
      expect(await h.backend.layout.hasBlob(layer.digest)).toBe(true);
  });

  it('fails a RUN with the step, command and exit code, leaving no snapshot behind', async () => {
    const build = h.build(await h.context({}), {
      dockerfile: 'FROM busybox\nRUN echo start\nRUN exit 3\n',
      tags: ['fail'],
    });
    await expect(build).rejects.toThrow(BuildStepError);
    await expect(build).rejects.toThrow(
      '[stage-0 3/3] RUN exit 3: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
    );
    expect(await h.activeLeftovers()).toEqual([]);
    await expect(h.backend.layout.image('fail')).rejects.toThrow('not found');
  });

  it.each([
    ['FROM busybox\nBOGUS x\n', 'Dockerfile:2: unknown instruction: BOGUS'],
    ['FROM busybox\nCMD ["a", b]\n', 'Dockerfile:2: CMD: invalid JSON exec form'],
    ['RUN true\n', 'Dockerfile:1: RUN: no build stage in current context (missing FROM)'],
    [
      'FROM busybox\nCOPY --from=nowhere /x /x\n',
      'Dockerfile:2: COPY --from=nowhere: not a build stage of this Dockerfile, and no such image',
    ],
    [
      'FROM busybox\nCOPY ../outside /x\n',
      'Dockerfile:2: COPY: ../outside: forbidden path outside the build context',
    ],
    ['FROM busybox\nCOPY missing.txt /x\n', 'Dockerfile:2: COPY: "/missing.txt": not found'],
  ])('reports one clear error for %j', async (dockerfile, message) => {
    const build = h.build(await h.context({}), { dockerfile, tags: ['bad'] });
    await expect(build).rejects.toThrow(DockerfileError);
    await expect(build).rejects.toThrow(message);
    expect(await h.activeLeftovers()).toEqual([]);
  });
});

describe('Builder: stages, triggers, heredocs and networks', () => {
  it('runs independent stages side by side and honours --target', async () => {
    const dockerfile = [
      'FROM busybox AS left',
      'RUN echo left > /left && sleep 1',
      'FROM busybox AS right',
      'RUN echo right > /right && sleep 1',
      'FROM busybox AS final',
      'COPY --from=left /left /',
      'COPY --from=right /right /',
      'FROM final AS extra',
      'RUN echo never',
    ].join('\n');
    const result = await h.build(await h.context({}), { dockerfile, tags: ['target'], target: 'final' });
    expect(result.executed).toBe(4);
    const steps = h.events.flatMap((event) => (event.type === 'step' ? [event.step] : []));
    // Both RUNs started before either stage finished: the right stage's RUN is announced
    // before the final stage's first COPY, and the extra stage never runs.
    expect(steps.indexOf('[right 2/2]')).toBeLessThan(steps.indexOf('[final 2/3]'));
    expect(steps.indexOf('[left 2/2]')).toBeLessThan(steps.indexOf('[final 2/3]'));
    expect(steps.some((step) => step.startsWith('[extra'))).toBe(false);
    const { manifest } = await imageOf('target');
    expect(manifest.layers).toHaveLength(3);
  });

  it('reports the stage that failed first and cancels the others, leaving nothing behind', async () => {
    const dockerfile = [
      'FROM busybox AS slow',
      'RUN sleep 30',
      'RUN echo never > /never',
      'FROM busybox AS broken',
      'RUN exit 7',
      'FROM busybox',
      'COPY --from=slow /never /',
      'COPY --from=broken /etc/passwd /',
    ].join('\n');
    const build = h.build(await h.context({}), { dockerfile, tags: ['cancel'] });
    await expect(build).rejects.toThrow('[broken 2/2] RUN exit 7');
    expect(await h.activeLeftovers()).toEqual([]);
    const steps = h.events.flatMap((event) => (event.type === 'step' ? [event.step] : []));
    expect(steps).not.toContain('[slow 3/3]');
  });

  it('runs ONBUILD triggers of the base image first', async () => {
    const context = await h.context({ 'app.txt': 'app' });
    await h.build(context, {
      dockerfile: 'FROM busybox\nONBUILD COPY app.txt /onbuild/\n',
      tags: ['parent'],
    });
    expect((await imageOf('parent')).config.config?.OnBuild).toEqual(['COPY app.txt /onbuild/']);
    await h.build(context, { dockerfile: 'FROM parent\nRUN cat /onbuild/app.txt\n', tags: ['child'] });
    const { config } = await imageOf('child');
    expect(config.config?.OnBuild).toBeUndefined();
    expect(config.history?.map((entry) => entry.created_by).slice(-2)).toEqual([
      'COPY app.txt /onbuild/',
      'RUN /bin/sh -c cat /onbuild/app.txt',
    ]);
  });

  it('runs RUN heredocs as scripts (with or without a shebang) and as stdin of a command', async () => {
    const dockerfile = [
      'FROM busybox',
      'RUN <<EOF',
      'echo plain > /plain',
      'EOF',
      'RUN <<EOF',
      '#!/bin/sh -e',
      'echo shebang > /shebang',
      'EOF',
      'RUN cat > /fed <<"EOF"',
      'kept $HOME',
      'EOF',
    ].join('\n');
    await h.build(await h.context({}), { dockerfile, tags: ['heredoc'] });
    const { manifest } = await imageOf('heredoc');
    const [plain, shebang, fed] = await Promise.all(
      manifest.layers.slice(1).map((layer) => h.layerEntries(layer.digest)),
    );
    expect(plain.get('plain')?.body).toBe('plain\n');
    expect([...shebang.keys()]).toEqual(['shebang']);
    expect(fed.get('fed')?.body).toBe('kept $HOME\n');
  });

  it('gives RUN --network=none no network but loopback', async () => {
    const dockerfile =
      'FROM busybox\nRUN --network=none ls /sys/class/net > /dev/null; ip -o link | cut -d: -f2 > /links\n';
    await h.build(await h.context({}), { dockerfile, tags: ['nonet'] });
    const { manifest } = await imageOf('nonet');
    const layer = await h.layerEntries(manifest.layers[1].digest);
    expect(layer.get('links')?.body.trim()).toBe('lo');
  });
});

describe('the built image outside berth', () => {
  it('runs, and goes to a registry and back through skopeo unchanged', async () => {
    await h.build(await h.context({ 'msg.txt': 'hello from the image\n' }), {
      dockerfile: MULTI_STAGE_RUNNABLE,
      tags: ['runnable'],
    });
    // Run it: unpack the image's chain and start its entrypoint + cmd in the rootfs.
    const { manifest, config } = await imageOf('runnable');
    const layers = manifest.layers.map((layer, index) => ({
      ...layer,
      diffId: config.rootfs.diff_ids[index],
    }));
    await h.backend.ensureChain(layers);
    const view = await h.backend.view('run-view', chainIdOfLayers(config.rootfs.diff_ids));
    const output: Buffer[] = [];
    const exitCode = await h.backend.run({
      id: 'run-built',
      rootfs: view.rootfs,
      args: [...(config.config?.Entrypoint ?? []), ...(config.config?.Cmd ?? [])],
      env: config.config?.Env ?? [],
      cwd: config.config?.WorkingDir ?? '/',
      uid: 0,
      gid: 0,
      additionalGids: [],
      network: 'none',
      output: (_stream, chunk) => output.push(chunk),
    });
    expect(exitCode).toBe(0);
    expect(Buffer.concat(output).toString()).toBe('hello from the image\n');

    const registry = await startRegistry();
    try {
      const remote = `docker://${registry.host}/built/app:1`;
      execFileSync('skopeo', [
        'copy',
        '-q',
        '--dest-tls-verify=false',
        `oci:${h.backend.layout.dir}:runnable`,
        remote,
      ]);
      const back = join(h.dir, 'pulled');
      execFileSync('skopeo', ['copy', '-q', '--src-tls-verify=false', remote, `oci:${back}:app`]);
      const pulled = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `oci:${back}:app`]).toString(),
      ) as ImageConfig;
      expect(pulled.rootfs.diff_ids).toEqual(config.rootfs.diff_ids);
      expect(pulled.config?.Cmd).toEqual(config.config?.Cmd);
    } finally {
      await registry.stop();
    }
  });

  it('is an OCI layout skopeo reads', async () => {
    await h.build(await h.context({}), { dockerfile: 'FROM busybox\nRUN echo hi > /hi\n', tags: ['skopeo'] });
    const inspect = JSON.parse(
      execFileSync('skopeo', ['inspect', `oci:${h.backend.layout.dir}:skopeo`]).toString(),
    ) as {
      Layers: string[];
    };
    expect(inspect.Layers).toHaveLength(2);
  });
});
