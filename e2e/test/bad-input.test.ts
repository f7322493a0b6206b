// Bad input through the built `berth` binary against the real daemons: one line on stderr
// naming what is wrong, docker's exit code, and nothing left half-created.
import { freePort, startStack, type Result, type Stack } from './stack';

/**
 * One `berth: ...` line on stderr, the last, matching `pattern` (before it only docker's pull
 * notices: "Unable to find image ... locally"), and nothing on stdout unless said.
 */
function expectOneLine(result: Result, code: number, pattern: RegExp, stdout = ''): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe(stdout);
  const lines = result.stderr.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.filter((line) => line.startsWith('berth: '))).toEqual([lines.at(-1)]);
  expect(lines.at(-1)).toMatch(pattern);
}

describe('berth, bad input', () => {
  let stack: Stack;
  let image: string;
  const berth = (...args: string[]) => stack.berth(...args);
  const ok = (...args: string[]) => stack.ok(...args);
  const names = async () =>
    (await ok('ps', '-a', '--format', '{{.Names}} {{.State}}')).split('\n').filter(Boolean);

  beforeAll(async () => {
    stack = await startStack();
    image = stack.image;
    await ok('pull', image);
  }, 180_000);
  afterAll(() => stack?.stop(), 120_000);

  it('refuses unknown flags and bad flag values before asking the engine (125)', async () => {
    expectOneLine(await berth('run', '--bogus', image), 125, /unknown flag: --bogus/);
    expectOneLine(await berth('run', '-p', '99999:80', image), 125, /99999/);
    expectOneLine(await berth('run', '--memory', 'lots', image), 125, /lots/);
    expectOneLine(await berth('run', '--restart', 'sometimes', image), 125, /sometimes/);
    expectOneLine(await berth('ps', '--bogus'), 125, /unknown flag: --bogus/);
    expect(await names()).toEqual([]);
  });

  it('names a missing image and creates nothing', async () => {
    const missing = image.replace('/e2e/busybox:latest', '/e2e/nothing:1');
    expectOneLine(await berth('run', '--name', 'ghost', missing, 'true'), 125, /e2e\/nothing/);
    // Only run's own failures are 125; create, like docker's, exits 1.
    expectOneLine(await berth('create', missing), 1, /e2e\/nothing/);
    expect(await names()).toEqual([]);
    expect(await stack.holdings()).toEqual({ shims: 0, netns: 0, rootfsMounts: 0 });
  });

  it('refuses a name already in use and keeps the first container', async () => {
    await ok('run', '-d', '--name', 'taken', image, 'sleep', '1000');
    expectOneLine(
      await berth('run', '-d', '--name', 'taken', image, 'true'),
      125,
      /the container name "\/taken" is already in use/,
    );
    expect(await names()).toEqual(['taken running']);
    await ok('rm', '-f', 'taken');
  });

  it('refuses a host port already published, and leaves no network half set up', async () => {
    const port = await freePort();
    await ok('run', '-d', '--name', 'first', '-p', `127.0.0.1:${port}:80`, image, 'sleep', '1000');
    const before = await stack.holdings();
    expectOneLine(
      await berth('run', '-d', '--name', 'second', '-p', `127.0.0.1:${port}:80`, image, 'sleep', '1000'),
      125,
      new RegExp(`127\\.0\\.0\\.1:${port}/tcp is already published`),
    );
    // As with docker, the container was created and did not start: nothing of its run remains.
    expect(await names()).toEqual(expect.arrayContaining(['first running', 'second created']));
    expect(await stack.holdings()).toEqual(before);
    await ok('rm', '-f', 'first', 'second');
  });

  it('refuses to remove a volume in use, or a running container, and keeps both', async () => {
    await ok('run', '-d', '--name', 'holder', '-v', 'precious:/data', image, 'sleep', '1000');
    expectOneLine(await berth('volume', 'rm', 'precious'), 1, /precious.*in use/);
    expectOneLine(await berth('rm', 'holder'), 1, /container is running/);
    expect(await ok('volume', 'ls', '-q')).toContain('precious');
    expect(await names()).toEqual(['holder running']);
    await ok('rm', '-fv', 'holder');
    await ok('volume', 'rm', 'precious');
  });

  it('names a missing container, network or volume (exit 1)', async () => {
    expectOneLine(await berth('stop', 'nobody'), 1, /no such container: nobody/);
    expectOneLine(await berth('network', 'rm', 'nonet'), 1, /nonet/);
    // docker prints the empty list of what it found, too.
    expectOneLine(await berth('volume', 'inspect', 'novol'), 1, /novol/, '[]\n');
    expectOneLine(await berth('exec', 'nobody', 'true'), 1, /no such container: nobody/);
  });
});
