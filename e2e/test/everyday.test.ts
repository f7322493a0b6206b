// The everyday docker scenarios, typed as a user types them: the built `berth` binary against
// real berthd, berth-images, berth-network and berth-shim processes (see stack.ts).
import { get } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, freePort, startStack, type Stack } from './stack';

function fetchText(url: string): Promise<string> {
  return new Promise((done, fail) => {
    get(url, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => done(body));
    }).on('error', fail);
  });
}

// busybox httpd serving one page with the given text from /www.
const serve = (text: string) => [
  'sh',
  '-c',
  `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`,
];

describe('berth, everyday use', () => {
  let stack: Stack;
  let image: string;
  const berth = (...args: string[]) => stack.berth(...args);
  const ok = (...args: string[]) => stack.ok(...args);
  const state = async (name: string, field = '{{.State.Status}}') =>
    (await ok('inspect', '--format', field, name)).trim();

  beforeAll(async () => {
    stack = await startStack();
    image = stack.image;
  }, 180_000);
  afterAll(() => stack?.stop(), 120_000);

  it('pulls from the registry and runs a command in the foreground, --rm taking the container', async () => {
    const pull = await berth('pull', image);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain(`Status: Downloaded newer image for ${image}`);
    expect(await ok('images', '--format', '{{.Repository}}:{{.Tag}}')).toContain(image);

    expect(await berth('run', '--rm', image, 'echo', 'hello')).toEqual({
      code: 0,
      stdout: 'hello\n',
      stderr: '',
    });
    const failing = await berth('run', '--rm', image, 'sh', '-c', 'echo out; echo err >&2; exit 3');
    expect(failing).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(await berth('run', '--rm', image, 'no-such-command')).toMatchObject({ code: 127 });
    expect(await ok('ps', '-aq')).toBe('');
  });

  it('runs detached, lists it, execs into it and shows its logs', async () => {
    const id = (
      await ok('run', '-d', '--name', 'web', image, 'sh', '-c', 'echo started; exec sleep 1000')
    ).trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const ps = await ok('ps');
    expect(ps.split('\n')[0]).toMatch(/^CONTAINER ID +IMAGE +COMMAND +CREATED +STATUS +PORTS +NAMES$/);
    expect(ps).toMatch(
      new RegExp(`^${id.slice(0, 12)} +${image.replace(/[.]/g, '\\.')} .* Up .* web\\n`, 'm'),
    );
    expect(await berth('exec', 'web', 'sh', '-c', 'echo $((6 * 7)); hostname; exit 5')).toEqual({
      code: 5,
      stdout: `42\n${id.slice(0, 12)}\n`,
      stderr: '',
    });
    expect(await ok('exec', '-w', '/etc', '-e', 'X=y', 'web', 'sh', '-c', 'echo $PWD $X')).toBe('/etc y\n');
    await eventually(async () => ((await ok('logs', 'web')) === 'started\n' ? true : undefined));
    await ok('rm', '-f', 'web');
  });

  it('keeps the writable layer across stop and start, and rm loses it', async () => {
    await ok('run', '-d', '--name', 'keeper', image, 'sh', '-c', 'echo x >> /counter; exec sleep 1000');
    await ok('stop', '-t', '1', 'keeper');
    expect(await state('keeper')).toBe('exited');
    await ok('start', 'keeper');
    expect(await ok('exec', 'keeper', 'wc', '-l', '/counter')).toMatch(/^\s*2 \/counter\n$/);
    await ok('rm', '-f', 'keeper');
    await ok('run', '-d', '--name', 'keeper', image, 'sh', '-c', 'echo x >> /counter; exec sleep 1000');
    expect(await ok('exec', 'keeper', 'wc', '-l', '/counter')).toMatch(/^\s*1 \/counter\n$/);
    await ok('rm', '-f', 'keeper');
  });

  it('keeps a named volume after its container, shares it between two, and refuses to remove it in use', async () => {
    await ok('run', '--rm', '-v', 'shared:/data', image, 'sh', '-c', 'echo first > /data/note');
    expect(await ok('volume', 'ls', '--format', '{{.Name}}')).toContain('shared');
    await ok('run', '-d', '--name', 'reader', '-v', 'shared:/data', image, 'sleep', '1000');
    await ok(
      'run',
      '-d',
      '--name',
      'writer',
      '-v',
      'shared:/data',
      image,
      'sh',
      '-c',
      'echo second >> /data/note; exec sleep 1000',
    );
    await eventually(async () =>
      (await ok('exec', 'reader', 'cat', '/data/note')) === 'first\nsecond\n' ? true : undefined,
    );
    const refused = await berth('volume', 'rm', 'shared');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^berth: .*shared.*in use.*\n$/);
    await ok('rm', '-f', 'reader', 'writer');
    expect((await ok('volume', 'rm', 'shared')).trim()).toBe('shared');
  });

  it('bind-mounts a host directory, read-write and read-only', async () => {
    const host = join(stack.dir, 'bind');
    await mkdir(host);
    await writeFile(join(host, 'in.txt'), 'from the host\n');
    expect(
      await ok(
        'run',
        '--rm',
        '-v',
        `${host}:/host`,
        image,
        'sh',
        '-c',
        'cat /host/in.txt; echo back > /host/out.txt',
      ),
    ).toBe('from the host\n');
    expect(
      await ok(
        'run',
        '--rm',
        '--mount',
        `type=bind,source=${host},target=/host,readonly`,
        image,
        'cat',
        '/host/out.txt',
      ),
    ).toBe('back\n');
    const readOnly = await berth('run', '--rm', '-v', `${host}:/host:ro`, image, 'touch', '/host/x');
    expect(readOnly.code).toBe(1);
    expect(readOnly.stderr).toContain('Read-only file system');
  });

  it('copies files in and out with cp, and samples an unlimited container with stats', async () => {
    await ok('run', '-d', '--name', 'files', image, 'sleep', '1000');
    const local = join(stack.dir, 'cp');
    await mkdir(join(local, 'tree/sub'), { recursive: true });
    await writeFile(join(local, 'note.txt'), 'a note\n');
    await writeFile(join(local, 'tree/sub/leaf'), 'leaf\n');
    // Into a directory keeps the name; a path that does not exist is the new name, as docker's.
    await ok('cp', join(local, 'note.txt'), 'files:/tmp');
    await ok('cp', join(local, 'note.txt'), 'files:/tmp/renamed.txt');
    await ok('cp', join(local, 'tree'), 'files:/tmp/copied');
    expect(
      await ok('exec', 'files', 'cat', '/tmp/note.txt', '/tmp/renamed.txt', '/tmp/copied/sub/leaf'),
    ).toBe('a note\na note\nleaf\n');
    await ok('cp', 'files:/tmp/copied', join(local, 'back'));
    await ok('cp', 'files:/etc/hostname', local);
    expect(await readFile(join(local, 'back/sub/leaf'), 'utf8')).toBe('leaf\n');
    expect((await readFile(join(local, 'hostname'), 'utf8')).trim()).toMatch(/^[0-9a-f]{12}$/);
    // No --memory: the cgroup's "unlimited" must not break the sample; the limit shown is the host's.
    const stats = await ok('stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}} {{.PIDs}}', 'files');
    expect(stats).toMatch(/^files \S+ \/ \S+ 1\n$/);
    await ok('rm', '-f', 'files');
  });

  it('lets two containers on a user network reach each other by name', async () => {
    await ok('network', 'create', '--subnet', stack.subnet(1), 'backend');
    await ok('run', '-d', '--name', 'api', '--network', 'backend', image, ...serve('from-api'));
    await ok(
      'run',
      '-d',
      '--name',
      'client',
      '--network',
      'backend',
      '--network-alias',
      'front',
      image,
      'sleep',
      '1000',
    );
    const page = await eventually(async () => {
      const result = await berth('exec', 'client', 'wget', '-q', '-O', '-', 'http://api/index.html');
      return result.code === 0 ? result.stdout : undefined;
    });
    expect(page).toBe('from-api\n');
    expect((await berth('exec', 'api', 'ping', '-c', '1', '-W', '2', 'front')).code).toBe(0);
    await ok('rm', '-f', 'api', 'client');
    await ok('network', 'rm', 'backend');
  });

  it('publishes a port on 127.0.0.1', async () => {
    const port = await freePort();
    await ok('run', '-d', '--name', 'site', '-p', `127.0.0.1:${port}:80`, image, ...serve('published'));
    expect(await ok('port', 'site')).toBe(`80/tcp -> 127.0.0.1:${port}\n`);
    expect(await eventually(() => fetchText(`http://127.0.0.1:${port}/index.html`))).toBe('published\n');
    await ok('rm', '-f', 'site');
  });

  it('follows restart policies: on-failure stops after its count, always brings the container back', async () => {
    await ok('run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', image, 'sh', '-c', 'exit 4');
    await eventually(async () =>
      (await state('flaky', '{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}')) === 'exited 2 4'
        ? true
        : undefined,
    );
    await ok('run', '-d', '--name', 'phoenix', '--restart', 'always', image, 'sh', '-c', 'sleep 0.2; exit 1');
    await eventually(async () =>
      Number(await state('phoenix', '{{.RestartCount}}')) >= 2 ? true : undefined,
    );
    await ok('rm', '-f', 'flaky', 'phoenix');
  });

  it('enforces --memory: a process over the limit is OOM-killed', async () => {
    const hog = await berth(
      'run',
      '--name',
      'hog',
      '--memory',
      '16m',
      '--memory-swap',
      '16m',
      image,
      'sh',
      '-c',
      'a=$(head -c 100000000 /dev/zero | tr "\\0" a); echo survived',
    );
    expect(hog.code).toBe(137);
    expect(hog.stdout).not.toContain('survived');
    expect(await state('hog', '{{.State.OOMKilled}}')).toBe('true');
    await ok('rm', 'hog');
  });

  it('keeps containers running across kill -9 of berthd, and knows them afterwards', async () => {
    const port = await freePort();
    await ok('run', '-d', '--name', 'survivor', '-p', `127.0.0.1:${port}:80`, image, ...serve('still-here'));
    expect(await eventually(() => fetchText(`http://127.0.0.1:${port}/index.html`))).toBe('still-here\n');
    await stack.killEngine();
    // The container serves while no engine runs.
    expect(await fetchText(`http://127.0.0.1:${port}/index.html`)).toBe('still-here\n');
    const down = await berth('ps');
    expect(down.code).toBe(1);
    expect(down.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    await stack.startEngine();
    expect(await ok('ps', '--format', '{{.Names}} {{.State}}')).toBe('survivor running\n');
    expect(await ok('exec', 'survivor', 'cat', '/www/index.html')).toBe('still-here\n');
    await ok('stop', '-t', '1', 'survivor');
    expect(await state('survivor', '{{.State.Status}}')).toBe('exited');
  });

  it('system prune removes stopped containers, unused networks and anonymous volumes', async () => {
    await ok('network', 'create', '--subnet', stack.subnet(2), 'unused');
    await ok('volume', 'create', 'kept');
    await ok('run', '--name', 'done', '-v', '/scratch', image, 'true');
    const anonymous = (await ok('inspect', '--format', '{{range .Mounts}}{{.Name}}{{end}}', 'done')).trim();
    expect(anonymous).toMatch(/^[0-9a-f]{64}$/);
    await ok('run', '-d', '--name', 'alive', image, 'sleep', '1000');
    const pruned = await ok('system', 'prune', '-f', '--volumes');
    expect(pruned).toContain('Deleted Containers:');
    expect(pruned).toContain('Deleted Networks:\nunused\n');
    expect(pruned).toContain(`Deleted Volumes:\n${anonymous}\n`);
    expect(await ok('ps', '-a', '--format', '{{.Names}}')).toBe('alive\n');
    expect(await ok('network', 'ls', '--format', '{{.Name}}')).not.toContain('unused');
    // docker 23+: named volumes stay unless `volume prune --all`.
    expect((await ok('volume', 'ls', '-q')).split('\n').filter(Boolean)).toEqual(['kept']);
    await ok('rm', '-f', 'alive');
    await ok('volume', 'rm', 'kept');
  });
});
