// Image archives (docker-archive and OCI archives through `berth load`, `berth save`), push of
// every tag, attach before start (`run` of a short command, `start -a`), `ps -s`, and volumes
// with local driver options, through the built `berth` binary against the real daemons.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { busyboxLayout } from '@berth/fixtures';
import { startStack, type Stack } from './stack';

const exec = promisify(execFile);

describe('berth: image archives, attach before start, sizes, volume options', () => {
  let stack: Stack;
  let image: string;
  const berth = (...args: string[]) => stack.berth(...args);
  const ok = (...args: string[]) => stack.ok(...args);

  beforeAll(async () => {
    stack = await startStack();
    image = stack.image;
    await ok('pull', '-q', image);
  }, 180_000);
  afterAll(() => stack?.stop(), 120_000);

  it('loads a docker-archive and an OCI archive made by skopeo, and saves what loads again', async () => {
    const layout = await busyboxLayout();
    const dockerArchive = join(stack.dir, 'busybox-docker.tar');
    const ociArchive = join(stack.dir, 'busybox-oci.tar');
    await exec('skopeo', [
      'copy',
      `oci:${layout.dir}:busybox`,
      `docker-archive:${dockerArchive}:loaded/docker:1`,
    ]);
    await exec('skopeo', ['copy', `oci:${layout.dir}:busybox`, `oci-archive:${ociArchive}:loaded/oci:2`]);
    expect(await ok('load', '-i', dockerArchive)).toBe('Loaded image: loaded/docker:1\n');
    expect(await ok('run', '--rm', 'loaded/docker:1', 'echo', 'from docker-archive')).toBe(
      'from docker-archive\n',
    );
    const oci = await ok('load', '-i', ociArchive);
    expect(oci).toMatch(/^Loaded image: loaded\/oci:2\n$/);
    expect(await ok('run', '--rm', 'loaded/oci:2', 'echo', 'from oci-archive')).toBe('from oci-archive\n');

    const saved = join(stack.dir, 'saved.tar');
    await ok('save', '-o', saved, 'loaded/docker:1');
    await ok('rmi', 'loaded/docker:1');
    expect(await ok('load', '-i', saved)).toBe('Loaded image: loaded/docker:1\n');

    const bad = join(stack.dir, 'not-an-archive.tar');
    await exec('sh', ['-c', `echo garbage > ${bad}`]);
    const refused = await berth('load', '-i', bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^berth: load: [^\n]+\n$/);
  });

  it('pushes every local tag of a repository with push --all-tags, and pulls them back with pull --all-tags', async () => {
    const repo = image.replace(/:latest$/, '').replace('/e2e/busybox', '/e2e/tags');
    await ok('tag', image, `${repo}:one`);
    await ok('tag', image, `${repo}:two`);
    const pushed = await berth('push', '--all-tags', repo);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toMatch(/one: digest: sha256:[0-9a-f]{64}/);
    expect(pushed.stdout).toMatch(/two: digest: sha256:[0-9a-f]{64}/);
    await ok('rmi', `${repo}:one`, `${repo}:two`);
    // pull --all-tags brings back every tag the registry lists, naming each as docker does.
    const pulled = await berth('pull', '--all-tags', repo);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toMatch(/one: Pulling from /);
    expect(pulled.stdout).toMatch(/two: Pulling from /);
    expect(pulled.stdout.endsWith(`\n${repo}\n`)).toBe(true);
    for (const tag of ['one', 'two']) await ok('image', 'inspect', `${repo}:${tag}`);
    const tagged = await berth('push', '-a', `${repo}:two`);
    expect(tagged.code).toBe(1);
    expect(tagged.stderr).toMatch(/tag can't be used with --all-tags\/-a/);
    const pullTagged = await berth('pull', '-a', `${repo}:two`);
    expect(pullTagged.code).toBe(1);
    expect(pullTagged.stderr).toMatch(/tag can't be used with --all-tags\/-a/);
  });

  it('attaches before it starts, so a short command never loses its output', async () => {
    for (let i = 0; i < 5; i++)
      expect(await berth('run', '--rm', image, 'echo', `line ${i}`)).toEqual({
        code: 0,
        stdout: `line ${i}\n`,
        stderr: '',
      });
    await ok('create', '--name', 'later', image, 'sh', '-c', 'echo out; echo err >&2; exit 7');
    expect(await berth('start', '-a', 'later')).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    // A second run attaches again and shows only its own output.
    expect(await berth('start', '-a', 'later')).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    const refused = await berth('attach', 'later');
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'berth: attach: You cannot attach to a stopped container, start it first\n',
    });
    await ok('rm', 'later');
  });

  it('shows sizes with ps -s (the writable layer and the whole root filesystem) and system df', async () => {
    await ok(
      'run',
      '-d',
      '--name',
      'sized',
      image,
      'sh',
      '-c',
      'head -c 300000 /dev/zero > /blob; exec sleep 1000',
    );
    const sized = await ok('ps', '-s', '--format', '{{.Names}} {{.Size}}');
    expect(sized).toMatch(/^sized \d+(\.\d+)?kB \(virtual \d+(\.\d+)?MB\)\n$/);
    const rw = Number(/^sized (\d+(?:\.\d+)?)kB/.exec(sized)![1]);
    expect(rw).toBeGreaterThanOrEqual(300);
    expect((await ok('ps', '-s')).split('\n')[0]).toMatch(/ NAMES +SIZE$/);
    const df = await ok('system', 'df', '--format', '{{.Type}} {{.Size}}');
    expect(Number(/^Containers (\d+(?:\.\d+)?)kB$/m.exec(df)?.[1])).toBeGreaterThanOrEqual(300);
    await ok('rm', '-f', 'sized');
  });

  it('mounts a tmpfs volume from driver options while containers use it', async () => {
    await ok(
      'volume',
      'create',
      '--opt',
      'type=tmpfs',
      '--opt',
      'device=tmpfs',
      '--opt',
      'o=size=64m',
      'fast',
    );
    const options = await ok('volume', 'inspect', '--format', '{{json .Options}}', 'fast');
    expect(JSON.parse(options)).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=64m' });
    await ok('run', '-d', '--name', 'user1', '-v', 'fast:/fast', image, 'sleep', '1000');
    expect(await ok('exec', 'user1', 'sh', '-c', 'df -k /fast | tail -1')).toMatch(/^tmpfs +65536 /);
    await ok('exec', 'user1', 'sh', '-c', 'echo shared > /fast/note');
    expect(await ok('run', '--rm', '-v', 'fast:/fast', image, 'cat', '/fast/note')).toBe('shared\n');
    const dataDir = (await ok('volume', 'inspect', '--format', '{{.Mountpoint}}', 'fast')).trim();
    expect(await readFile('/proc/self/mounts', 'utf8')).toContain(` ${dataDir} tmpfs `);
    // The last user gone, the tmpfs goes with its content, as docker's local driver does.
    await ok('rm', '-f', 'user1');
    expect(await readFile('/proc/self/mounts', 'utf8')).not.toContain(` ${dataDir} `);
    expect(await ok('run', '--rm', '-v', 'fast:/fast', image, 'ls', '/fast')).toBe('');
    await ok('volume', 'rm', 'fast');

    const bad = await berth('volume', 'create', '--opt', 'type=tmpfs', '--opt', 'size=1m', 'broken');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^berth: .*unknown key "size"[^\n]*\n$/);
    expect(await ok('volume', 'ls', '-q')).toBe('');
  });
});
