// berth compose against the real berthd, driving the real berth-images, berth-network and
// berth-shim (all four as their built binaries) with the busybox fixture image. Needs root, overlayfs,
// nftables and cgroups; skipped otherwise. Everything lives in a temporary directory with its
// own bridge prefix, nftables table and subnets, and is removed afterwards even on failure.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { engine, health, images } from '@berth/api';
import { busyboxLayout, removeStackLeftovers } from '@berth/fixtures';
import { dial } from '@berth/kit';
import { runCompose } from '../src';

const run = promisify(execFile);
const PACKAGES = resolve(__dirname, '../..');
const TAG = randomBytes(2).toString('hex');
const TABLE = `berthcompose${TAG}`;
const DEFAULT_NETWORK = `bc${TAG}`;
const OCTET = (parseInt(TAG, 16) % 200) + 20;
const PROJECT = `e2e${TAG}`;
const asRoot = process.getuid?.() === 0;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

// The engine sets the terminal's size right after the process starts: ask until it has.
const STTY_SIZE =
  'i=0; until s=$(stty size 2>/dev/null); [ -n "$s" ] && [ "$s" != "0 0" ] || [ $i -ge 50 ]; do i=$((i+1)); sleep 0.1; done; echo $s';

const APP = (workerMessage: string) => `
name: ${PROJECT}
services:
  web:
    image: busybox
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_signal: SIGKILL
    ports: ["127.0.0.1::80"]
    volumes: [site:/www]
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/index.html"]
      interval: 1s
      start_period: 60s
      start_interval: 200ms
  worker:
    image: busybox
    command: ["sh", "-c", "echo ${workerMessage} > /www/index.html; echo wrote; exec sleep 100000"]
    stop_signal: SIGKILL
    volumes: [site:/www]
    depends_on: [web]
  client:
    image: busybox
    command: ["sh", "-c", "wget -q -O - http://web/index.html; exec sleep 100000"]
    stop_signal: SIGKILL
    depends_on:
      web:
        condition: service_healthy
networks:
  default:
    ipam:
      config: [{subnet: 10.234.${OCTET}.0/24}]
volumes:
  site: {}
`;

(asRoot ? describe : describe.skip)('berth compose with the real berthd', () => {
  let dir: string;
  let runDir: string;
  const children: ChildProcess[] = [];
  let engineStarted = false;

  const rawModes: boolean[] = [];
  /** `terminal`: our stdin and stdout claim to be a 100x30 terminal (the container side is real). */
  const composeIn = async (terminal: boolean, argv: string[]) => {
    const stdout = Object.assign(new Capture(), terminal ? { isTTY: true, columns: 100, rows: 30 } : {});
    const stderr = new Capture();
    // A terminal's input stays open; a pipe's ends.
    const stdin = Object.assign(
      terminal ? new PassThrough() : Readable.from([]),
      terminal ? { isTTY: true, setRawMode: (raw: boolean) => rawModes.push(raw) } : {},
    );
    const code = await runCompose(
      argv,
      { stdout, stderr, stdin, env: { PATH: process.env.PATH } },
      {
        engineSocket: join(runDir, 'engine.sock'),
        cwd: join(dir, 'app'),
        signal: new AbortController().signal,
      },
    );
    return { code, stdout: stdout.text, stderr: stderr.text };
  };
  const compose = (...argv: string[]) => composeIn(false, argv);
  const engineList = async <T>(what: 'containers' | 'networks' | 'volumes'): Promise<T[]> => {
    const socket = join(runDir, 'engine.sock');
    const filters = [{ key: 'label', value: `com.docker.compose.project=${PROJECT}` }];
    if (what === 'containers') {
      const client = dial(engine.v1.ContainersClient, socket, { component: 'berthd' });
      try {
        return (await client.call.listContainers({ all: true, filters, limit: 0, size: false }))
          .containers as T[];
      } finally {
        client.close();
      }
    }
    if (what === 'networks') {
      const client = dial(engine.v1.NetworksClient, socket, { component: 'berthd' });
      try {
        // berthd's ListNetworks ignores filters today: select the project's networks here.
        const networks = (await client.call.listNetworks({ filters })).networks;
        return networks.filter((n) => n.labels['com.docker.compose.project'] === PROJECT) as T[];
      } finally {
        client.close();
      }
    }
    const client = dial(engine.v1.VolumesClient, socket, { component: 'berthd' });
    try {
      return (await client.call.listVolumes({ filters })).volumes as T[];
    } finally {
      client.close();
    }
  };
  const startChild = (binary: string, args: string[]) => {
    const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  let engineChild: ChildProcess | undefined;
  const startEngine = async () => {
    engineChild = startChild(join(PACKAGES, 'engine/dist/daemon/entry.js'), [
      ...['--root', join(dir, 'engine'), '--run', runDir, '--socket', join(runDir, 'engine.sock')],
      ...['--log-level', 'warn', '--shim-binary', join(PACKAGES, 'shim/bin/berth-shim'), '--init-binary', ''],
      ...['--default-network', DEFAULT_NETWORK],
    ]);
    await waitForHealth(join(runDir, 'engine.sock'), 'berthd');
  };
  const imageTags = async () => {
    const client = dial(engine.v1.ImagesClient, join(runDir, 'engine.sock'), { component: 'berthd' });
    try {
      const list = await client.call.listImages(engine.v1.ListImagesRequest.fromPartial({}));
      return list.images.flatMap((image) => image.repoTags);
    } finally {
      client.close();
    }
  };
  const inspectHealth = async (name: string) => {
    const client = dial(engine.v1.ContainersClient, join(runDir, 'engine.sock'), { component: 'berthd' });
    try {
      const doc = JSON.parse((await client.call.inspectContainer({ id: name })).json) as {
        State: {
          Health?: { Status: string; FailingStreak: number; Log: { End: string; ExitCode: number }[] };
        };
      };
      return doc.State.Health;
    } finally {
      client.close();
    }
  };
  const waitForHealth = async (socket: string, component: string) => {
    const client = dial(health.v1.HealthClient, socket, { component });
    try {
      await client.waitForReady(20_000);
    } finally {
      client.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcs-'));
    runDir = join(dir, 'run');
    await run('mkdir', ['-p', join(dir, 'app')]);
    startChild(join(PACKAGES, 'image-store/dist/daemon/entry.js'), [
      ...[
        '--root',
        join(dir, 'images'),
        '--run',
        runDir,
        '--socket',
        join(runDir, 'images.sock'),
        '--log-level',
        'warn',
      ],
    ]);
    startChild(join(PACKAGES, 'network/bin/berth-network'), [
      ...[
        '--root',
        join(dir, 'network'),
        '--run',
        runDir,
        '--socket',
        join(runDir, 'network.sock'),
        '--log-level',
        'warn',
      ],
      ...['--table', TABLE, '--veth-prefix', `v${TAG}`, '--bridge-prefix', `c${TAG}-`],
      ...[
        '--default-network',
        DEFAULT_NETWORK,
        '--default-bridge',
        DEFAULT_NETWORK,
        '--default-subnet',
        `10.233.${OCTET}.0/24`,
      ],
    ]);
    await waitForHealth(join(runDir, 'images.sock'), 'berth-images');
    await waitForHealth(join(runDir, 'network.sock'), 'berth-network');
    const imagesClient = dial(images.v1.ImagesClient, join(runDir, 'images.sock'), {
      component: 'berth-images',
    });
    try {
      const layout = await busyboxLayout();
      const tar = spawn('tar', ['-C', layout.dir, '-c', '.']);
      await new Promise<void>((done, fail) => {
        const call = imagesClient.raw.import((err) => (err ? fail(err) : done()));
        tar.stdout.on('data', (chunk: Buffer) => call.write({ data: chunk, name: '' }));
        tar.stdout.on('end', () => call.end());
      });
    } finally {
      imagesClient.close();
    }
    await startEngine();
    engineStarted = true;
  }, 180_000);

  afterAll(async () => {
    if (engineStarted) await compose('down', '-v', '--remove-orphans').catch(() => undefined);
    await removeStackLeftovers({
      dir,
      runDir,
      children,
      links: new RegExp(`^(c${TAG}-|v${TAG}|${DEFAULT_NETWORK})`),
      nftTable: TABLE,
    });
  }, 120_000);

  it('a missing :? variable gives one error and creates nothing', async () => {
    await writeFile(
      join(dir, 'app', 'compose.yaml'),
      APP('x').replace('image: busybox', 'image: "busybox:${TAG:?set TAG}"'),
    );
    const up = await compose('up', '-d');
    expect(up).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'berth compose up: compose.yaml: services.web.image: required variable TAG is missing a value: set TAG (line 5)\n',
    });
    expect(await engineList('containers')).toEqual([]);
    expect(await engineList('networks')).toEqual([]);
    expect(await engineList('volumes')).toEqual([]);
  }, 60_000);

  it.each([
    [
      'services:\n  web:\n    image: busybox\n    ports: ["80:abc"]\n',
      'services.web.ports[0]: invalid port "80:abc" (line 5)',
    ],
    [
      'services:\n  web:\n    image: busybox\n    volumez: [a:/a]\n',
      'services.web.volumez: unknown key "volumez" (line 5)',
    ],
    [
      'services:\n  web:\n    image: busybox\n    depends_on:\n      db: {condition: service_healthy}\n',
      'services.web.depends_on: depends on undefined service "db"',
    ],
  ])('a bad compose file gives one error and creates nothing: %j', async (text, message) => {
    await writeFile(join(dir, 'app', 'compose.yaml'), `name: ${PROJECT}\n${text}`);
    const up = await compose('up', '-d');
    expect(up).toEqual({ code: 1, stdout: '', stderr: `berth compose up: compose.yaml: ${message}\n` });
    expect(await engineList('containers')).toEqual([]);
    expect(await engineList('networks')).toEqual([]);
    expect(await engineList('volumes')).toEqual([]);
  });

  it('an unhealthy dependency (probes over their timeout) stops up with one error', async () => {
    await writeFile(
      join(dir, 'app', 'compose.yaml'),
      [
        `name: ${PROJECT}`,
        'services:',
        '  sick:',
        '    image: busybox',
        '    command: ["sleep", "100000"]',
        '    stop_signal: SIGKILL',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "echo probing; sleep 5"]',
        '      interval: 200ms',
        '      timeout: 100ms',
        '      retries: 2',
        '  waiter:',
        '    image: busybox',
        '    depends_on: {sick: {condition: service_healthy}}',
        '',
      ].join('\n'),
    );
    const up = await compose('up', '-d');
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(
      new RegExp(`\\nberth compose up: container ${PROJECT}-sick-1 is unhealthy\\n$`),
    );
    const health = await inspectHealth(`${PROJECT}-sick-1`);
    expect(health).toMatchObject({ Status: 'unhealthy' });
    expect(health!.FailingStreak).toBeGreaterThanOrEqual(2);
    expect(health!.Log.at(-1)).toMatchObject({
      ExitCode: -1,
      Output: 'Health check exceeded timeout (100ms)',
    });
    expect((await compose('ps')).stdout).toMatch(new RegExp(`${PROJECT}-sick-1 .*Up .* \\(unhealthy\\)`));
    expect((await compose('down')).code).toBe(0);
    expect(await engineList('containers')).toEqual([]);
  }, 60_000);

  it('builds a service image through the engine: build, up --build (cached), down --rmi local', async () => {
    const context = join(dir, 'app', 'greeter');
    await run('mkdir', ['-p', join(context, 'skipped')]);
    await writeFile(
      join(context, 'Dockerfile'),
      'FROM busybox\nARG GREETING=unset\nCOPY . /ctx/\nRUN echo "$GREETING" > /greeting\nCMD ["sh", "-c", "cat /greeting; ls /ctx"]\n',
    );
    await writeFile(join(context, '.dockerignore'), 'skipped\n');
    await writeFile(join(context, 'skipped', 'file'), 'x');
    await writeFile(
      join(dir, 'app', 'compose.yaml'),
      `name: ${PROJECT}\nservices:\n  greeter:\n    build:\n      context: greeter\n      args: {GREETING: built-by-compose}\n`,
    );
    const build = await compose('build');
    expect(build.stderr).toContain(`Image ${PROJECT}-greeter  Built`);
    expect(build.code).toBe(0);
    const up = await compose('up', '-d', '--build');
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/RUN .* CACHED/);
    let logs = '';
    for (let i = 0; i < 100 && !logs.includes('Dockerfile'); i++) {
      if (i > 0) await new Promise((done) => setTimeout(done, 100));
      logs = (await compose('logs', '--no-log-prefix', 'greeter')).stdout;
    }
    // The build arg reached the RUN step; .dockerignore kept `skipped` out of the context.
    expect(logs).toBe('built-by-compose\nDockerfile\n');
    expect(await imageTags()).toContain(`${PROJECT}-greeter:latest`);
    expect((await compose('down', '--rmi', 'local')).code).toBe(0);
    expect(await imageTags()).not.toContain(`${PROJECT}-greeter:latest`);
  }, 120_000);

  it('runs the three-service application: up, ps, logs, exec, port, scale, idempotent up, recreate, down -v', async () => {
    await writeFile(join(dir, 'app', 'compose.yaml'), APP('hello-from-worker'));
    const up = await compose('up', '-d');
    expect(up.stderr).not.toContain('berth compose up:');
    expect(up.code).toBe(0);

    // The engine ran web's healthcheck: ps and inspect show it healthy.
    const ps = await compose('ps');
    expect(ps.stdout).toMatch(
      new RegExp(`${PROJECT}-web-1 .* web .*Up .* \\(healthy\\) +127\\.0\\.0\\.1:\\d+->80/tcp`),
    );
    const health = await inspectHealth(`${PROJECT}-web-1`);
    expect(health).toMatchObject({ Status: 'healthy', FailingStreak: 0 });
    expect(health?.Log.at(-1)?.ExitCode).toBe(0);
    expect(ps.stdout).toContain(`${PROJECT}-client-1`);

    // The client waited for web's healthcheck, then fetched from it by service name.
    let logs = '';
    for (let i = 0; i < 300 && !logs.includes('hello-from-worker'); i++) {
      logs = (await compose('logs', '--no-color', 'client')).stdout;
      if (!logs.includes('hello-from-worker')) await new Promise((done) => setTimeout(done, 200));
    }
    expect(logs).toMatch(new RegExp(`^${PROJECT}-client-1\\s+\\| hello-from-worker$`, 'm'));

    const exec = await compose('exec', 'client', 'wget', '-q', '-O', '-', 'http://web/index.html');
    expect(exec).toEqual({ code: 0, stdout: 'hello-from-worker\n', stderr: '' });

    // With a terminal on our side, exec and run get one in the container, at our size; -T none.
    const ttyExec = await composeIn(true, ['exec', 'client', 'sh', '-c', `tty; ${STTY_SIZE}`]);
    expect(ttyExec).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^\/dev\/pts\/\d+\r\n30 100\r\n$/),
    });
    expect(rawModes).toEqual([true, false]);
    expect(await composeIn(true, ['exec', '-T', 'client', 'tty'])).toMatchObject({
      code: 1,
      stdout: 'not a tty\n',
    });
    const ttyRun = await composeIn(true, [
      'run',
      '--rm',
      '--no-deps',
      'client',
      'sh',
      '-c',
      `tty; ${STTY_SIZE}; exit 3`,
    ]);
    expect(ttyRun).toMatchObject({
      code: 3,
      stdout: expect.stringMatching(/^\/dev\/pts\/\d+\r\n30 100\r\n$/),
    });

    // After a kill -9 of berthd, the restarted engine goes on probing with the health it had.
    const lastProbe = health?.Log.at(-1)?.End ?? '';
    engineChild?.kill('SIGKILL');
    await new Promise((done) => engineChild?.once('exit', done));
    await startEngine();
    let resumed = await inspectHealth(`${PROJECT}-web-1`);
    expect(resumed?.Status).toBe('healthy');
    for (let i = 0; i < 100 && (resumed?.Log.at(-1)?.End ?? '') <= lastProbe; i++) {
      await new Promise((done) => setTimeout(done, 100));
      resumed = await inspectHealth(`${PROJECT}-web-1`);
    }
    expect(resumed?.Log.at(-1)).toMatchObject({ ExitCode: 0 });
    expect(resumed!.Log.at(-1)!.End > lastProbe).toBe(true);

    const port = (await compose('port', 'web', '80')).stdout.trim();
    expect(port).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await fetch(`http://${port}/index.html`).then((r) => r.text())).toBe('hello-from-worker\n');

    // Scale the worker to 2: the name "worker" answers for both replicas.
    expect((await compose('up', '-d', '--scale', 'worker=2')).code).toBe(0);
    // A busy resolver may drop a query (busybox nslookup then prints no answer): ask again.
    let resolved = { code: 0, stdout: '', stderr: '' };
    let addresses: string[] = [];
    for (let i = 0; i < 30 && new Set(addresses).size < 2; i++) {
      if (i > 0) await new Promise((done) => setTimeout(done, 300));
      resolved = await compose('exec', 'client', 'nslookup', 'worker');
      addresses = [...resolved.stdout.matchAll(/^Name:\s+worker\S*\nAddress(?: \d+)?:\s+(\S+)$/gm)].map(
        (m) => m[1],
      );
    }
    expect({ resolved, count: new Set(addresses).size }).toMatchObject({ count: 2 });

    // Nothing changed: nothing recreated.
    const ids = async () =>
      new Map(
        (await engineList<engine.v1.ContainerSummary>('containers')).map((c) => [c.names[0], c.id] as const),
      );
    const before = await ids();
    const again = await compose('up', '-d', '--scale', 'worker=2');
    expect(again.stderr).not.toMatch(/Recreated|Created/);
    expect(await ids()).toEqual(before);

    // Change only the worker: only its containers are recreated.
    await writeFile(join(dir, 'app', 'compose.yaml'), APP('changed'));
    const changed = await compose('up', '-d', '--scale', 'worker=2');
    expect(changed.code).toBe(0);
    const after = await ids();
    for (const [name, id] of after) {
      if (name.includes('-worker-')) expect(id).not.toBe(before.get(name));
      else expect(id).toBe(before.get(name));
    }

    const down = await compose('down', '-v');
    expect(down.code).toBe(0);
    expect(await engineList('containers')).toEqual([]);
    expect(await engineList('networks')).toEqual([]);
    expect(await engineList('volumes')).toEqual([]);
  }, 240_000);
});
