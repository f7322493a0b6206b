import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { engine } from '@berth/api';
import { berth, grpcError, startEngineDouble, type EngineDouble } from './engine-double';

// `berth build` against the engine's contract: what it sends (options, the context's manifest
// without what .dockerignore names, then a tar of the files the engine asks for) and how it
// prints what comes back. The engine side is in
// packages/engine/test/build.test.ts.

const ID = `sha256:${'ab'.repeat(32)}`;

describe('build', () => {
  let double: EngineDouble | undefined;
  let dir: string;
  let options: engine.v1.BuildOptions | undefined;
  let manifest: engine.v1.BuildContextEntry[] = [];
  let context: Buffer;

  const serve = (
    events: engine.v1.BuildResponse['event'][],
    failure?: ReturnType<typeof grpcError>,
  ): Promise<EngineDouble> =>
    startEngineDouble({
      images: {
        build: (call) => {
          const chunks: Buffer[] = [];
          call.on('data', (message: engine.v1.BuildRequest) => {
            if (message.part?.$case === 'options') options = message.part.options;
            if (message.part?.$case === 'manifest') {
              manifest.push(...message.part.manifest.entries);
              // An engine with no copy of this context yet: it asks for every regular file.
              const paths = manifest
                .filter((entry) => (entry.mode & 0o170000) === 0o100000)
                .map((e) => e.path);
              if (message.part.manifest.last)
                call.write({ event: { $case: 'contextWanted', contextWanted: { paths, last: true } } });
            }
            if (message.part?.$case === 'context') chunks.push(Buffer.from(message.part.context));
          });
          call.on('end', () => {
            context = Buffer.concat(chunks);
            for (const event of events) call.write({ event });
            if (failure) call.emit('error', failure);
            else call.end();
          });
        },
      },
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-cli-build-'));
    mkdirSync(join(dir, 'ctx', 'src'), { recursive: true });
    writeFileSync(join(dir, 'ctx', 'Dockerfile'), 'FROM busybox\n');
    writeFileSync(join(dir, 'ctx', 'src', 'a.txt'), 'a');
    writeFileSync(join(dir, 'ctx', 'secret.key'), 'k');
    writeFileSync(join(dir, 'ctx', '.dockerignore'), '*.key\n');
    writeFileSync(join(dir, 'other.Dockerfile'), 'FROM busybox\nRUN make\n');
    options = undefined;
    manifest = [];
  });
  afterEach(async () => {
    await double?.close();
    double = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the options and the context, and prints steps and output as BuildKit does', async () => {
    double = await serve([
      { $case: 'step', step: { stage: '0', step: '[1/2]', text: 'FROM busybox', cached: false } },
      { $case: 'step', step: { stage: '0', step: '[2/2]', text: 'RUN /bin/sh -c make', cached: false } },
      { $case: 'output', output: { step: '[2/2]', stream: 'stdout', data: Buffer.from('compiling\nlin') } },
      { $case: 'output', output: { step: '[2/2]', stream: 'stderr', data: Buffer.from('ked\n') } },
      { $case: 'warning', warning: 'build-arg UNUSED was not consumed' },
      {
        $case: 'result',
        result: { imageId: ID, manifestDigest: ID, tags: ['app:1', 'app:latest'], executed: 1, cached: 0 },
      },
    ]);
    const iid = join(dir, 'iid');
    const result = await berth(
      double.socket,
      [
        ...['build', '-t', 'app:1', '--tag', 'app:latest', '-f', join(dir, 'other.Dockerfile')],
        ...['--build-arg', 'A=1', '--build-arg', 'FROM_ENV', '--build-arg', 'UNSET', '--label', 'k=v'],
        ...['--target', 'final', '--no-cache', '--pull', '--network', 'none', '--iidfile', iid],
        join(dir, 'ctx'),
      ],
      { env: { FROM_ENV: 'env' } },
    );
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(
      [
        '#1 [1/2] FROM busybox',
        '#2 [2/2] RUN /bin/sh -c make',
        '#2 compiling',
        '#2 linked',
        'WARNING: build-arg UNUSED was not consumed',
        '#3 exporting to image',
        `#3 writing image ${ID} done`,
        '#3 naming to app:1 done',
        '#3 naming to app:latest done',
        '',
      ].join('\n'),
    );
    expect(options).toEqual({
      dockerfile: 'FROM busybox\nRUN make\n',
      dockerfileName: join(dir, 'other.Dockerfile'),
      tags: ['app:1', 'app:latest'],
      buildArgs: { A: '1', FROM_ENV: 'env' },
      labels: { k: 'v' },
      target: 'final',
      noCache: true,
      pull: true,
      platform: '',
      network: 'none',
      contextId: `${hostname()}:${join(dir, 'ctx')}`,
    });
    // The manifest lists the context as .dockerignore leaves it; the tar holds the files asked for.
    expect(manifest.map((entry) => entry.path).sort()).toEqual([
      '.dockerignore',
      'Dockerfile',
      'src',
      'src/a.txt',
    ]);
    expect(manifest.find((entry) => entry.path === 'src/a.txt')).toMatchObject({ size: 1, linkTarget: '' });
    writeFileSync(join(dir, 'context.tar'), context);
    const names = execFileSync('tar', ['-tf', join(dir, 'context.tar')])
      .toString()
      .split('\n')
      .filter(Boolean);
    expect(names.sort()).toEqual(['.dockerignore', 'Dockerfile', 'src/a.txt']);
    expect(readFileSync(iid, 'utf8')).toBe(ID);
  });

  it('prints only the image ID with -q, and a cached step as CACHED otherwise', async () => {
    double = await serve([
      { $case: 'step', step: { stage: '0', step: '[2/2]', text: 'COPY . /', cached: true } },
      { $case: 'result', result: { imageId: ID, manifestDigest: ID, tags: [], executed: 0, cached: 1 } },
    ]);
    expect(await berth(double.socket, ['build', '-q', join(dir, 'ctx')])).toEqual({
      code: 0,
      stdout: `${ID}\n`,
      stderr: '',
    });
    const loud = await berth(double.socket, ['image', 'build', join(dir, 'ctx')]);
    expect(loud.stderr).toContain('#1 [2/2] COPY . /\n#1 CACHED\n');
    expect(options?.dockerfileName).toBe('Dockerfile');
  });

  it('says what failed: the engine error, a missing context or Dockerfile', async () => {
    double = await serve(
      [{ $case: 'step', step: { stage: '0', step: '[2/2]', text: 'RUN /bin/sh -c exit 3', cached: false } }],
      grpcError(
        status.FAILED_PRECONDITION,
        '[stage-0 2/2] RUN exit 3: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3',
      ),
    );
    const failed = await berth(double.socket, ['build', join(dir, 'ctx')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'berth: build: [stage-0 2/2] RUN exit 3: process "/bin/sh -c exit 3" did not complete successfully: exit code: 3\n',
    );
    const missing = await berth(double.socket, ['build', join(dir, 'nowhere')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`unable to prepare context: path "${join(dir, 'nowhere')}" not found`);
    const noFile = await berth(double.socket, ['build', '-f', 'none.Dockerfile', join(dir, 'ctx')]);
    expect(noFile.stderr).toContain(
      'failed to read dockerfile: open none.Dockerfile: no such file or directory',
    );
  });
});
