// berth compose's commands end to end over gRPC against the engine double (a real grpc-js
// server implementing the engine API in memory, with real processes for containers).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { engine } from '@berth/api';
import { composeRunner, writeCompose } from './compose-harness';
import { startEngineDouble, type EngineDouble } from './engine-double/server';

const APP = (workerGreeting = 'working') => `
name: app
services:
  web:
    image: busybox
    command: ["sh", "-c", "echo web ready; exec sleep 100000"]
    ports: ["8080:80"]
    volumes: [site:/www]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  worker:
    image: busybox
    command: ["sh", "-c", "echo ${workerGreeting}; exec sleep 100000"]
    volumes: [site:/www]
    depends_on: [web]
  client:
    image: busybox
    command: ["sh", "-c", "echo fetched"]
    depends_on:
      web:
        condition: service_healthy
volumes:
  site: {}
`;

describe('berth compose against the engine API', () => {
  let double: EngineDouble;
  let compose: ReturnType<typeof composeRunner>;
  beforeEach(async () => {
    double = await startEngineDouble();
    compose = composeRunner(double);
  });
  afterEach(async () => {
    await double.stop();
  });

  const names = () => [...double.containers.containers.values()].map((c) => c.name).sort();
  const creates = () => double.containers.calls.filter((call) => call.startsWith('create '));

  it('up -d starts the application in dependency order, waiting for the healthcheck', async () => {
    writeCompose(double, APP());
    const result = await compose('up', '-d');
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toContain('Network app_default  Created');
    expect(result.stderr).toContain('Volume app_site  Created');
    expect(names()).toEqual(['app-client-1', 'app-web-1', 'app-worker-1']);
    const calls = double.containers.calls;
    expect(calls.indexOf('create app-web-1')).toBeLessThan(calls.indexOf('create app-worker-1'));
    // Every container is created at once; each starts after its dependencies started, the
    // client (service_healthy) only once the engine reported web healthy.
    expect(calls.indexOf('start app-worker-1')).toBeGreaterThan(calls.indexOf('start app-web-1'));
    expect(calls.indexOf('inspect app-web-1')).toBeGreaterThan(calls.indexOf('start app-web-1'));
    expect(calls.lastIndexOf('inspect app-web-1')).toBeLessThan(calls.indexOf('start app-client-1'));
    expect(double.containers.find('app-web-1')?.config.healthcheck).toMatchObject({
      test: ['CMD', 'true'],
      intervalNs: 1e9,
    });
    const web = double.containers.find('app-web-1');
    expect(web?.config.labels).toMatchObject({
      'com.docker.compose.project': 'app',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
    });
    expect(web?.config.networks).toEqual([{ network: 'app_default', aliases: ['web'], ipv4Address: '' }]);
    expect(web?.config.mounts[0]).toMatchObject({ source: 'app_site', target: '/www' });
  });

  it('ps, logs, exec, port and ls show the running application', async () => {
    writeCompose(double, APP());
    expect((await compose('up', '-d')).code).toBe(0);
    const client = double.containers.find('app-client-1');
    if (client?.state === engine.v1.ContainerState.CONTAINER_STATE_RUNNING)
      await new Promise<void>((r) => client.exitWaiters.add(r));

    const ps = await compose('ps');
    expect(ps.stdout.split('\n')[0]).toMatch(/^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/);
    expect(ps.stdout).toMatch(/app-web-1 .* web .*0\.0\.0\.0:8080->80\/tcp/);
    expect(ps.stdout).not.toContain('app-client-1');
    expect((await compose('ps', '-a')).stdout).toContain('app-client-1');
    expect(
      JSON.parse((await compose('ps', '--format', 'json')).stdout).map(
        (row: { Service: string; Health: string }) => `${row.Service}:${row.Health}`,
      ),
    ).toEqual(['web:healthy', 'worker:']);
    expect(ps.stdout).toMatch(/app-web-1 .* Up \(healthy\) /);

    const logs = await compose('logs', '--no-color');
    expect(logs.stdout).toMatch(/^app-client-1\s+\| fetched$/m);
    expect(logs.stdout).toMatch(/^app-web-1\s+\| web ready$/m);
    expect((await compose('logs', '--no-log-prefix', 'worker')).stdout).toBe('working\n');

    expect(await compose('exec', 'web', 'sh', '-c', 'echo from exec; echo oops >&2')).toEqual({
      code: 0,
      stdout: 'from exec\n',
      stderr: 'oops\n',
    });
    expect((await compose('exec', 'web', 'sh', '-c', 'exit 3')).code).toBe(3);
    expect((await compose('exec', '-e', 'GREETING=hi', 'web', 'sh', '-c', 'echo $GREETING')).stdout).toBe(
      'hi\n',
    );

    const piped = composeRunner(double, {}, ['line one\n', 'line two\n']);
    expect(await piped('exec', '-T', 'web', 'sort', '-r')).toEqual({
      code: 0,
      stdout: 'line two\nline one\n',
      stderr: '',
    });

    expect((await compose('port', 'web', '80')).stdout).toBe('0.0.0.0:8080\n');
    expect((await compose('ls')).stdout).toMatch(/^app\s+running\(2\), exited\(1\)\s+.*compose\.yaml$/m);
  });

  it('up -d is idempotent, recreates only changed services and scales', async () => {
    writeCompose(double, APP());
    await compose('up', '-d');
    const before = creates().length;

    const again = await compose('up', '-d', 'web', 'worker');
    expect(again.code).toBe(0);
    expect(creates()).toHaveLength(before);
    expect(again.stderr).toContain('Container app-web-1  Running');

    writeCompose(double, APP('changed'));
    const changed = await compose('up', '-d');
    expect(changed.stderr).toContain('Container app-worker-1  Recreated');
    expect(creates().slice(before)).toEqual(['create app-worker-1']);

    const scaled = await compose('up', '-d', '--scale', 'worker=2');
    expect(scaled.stderr).toContain('Container app-worker-2  Started');
    expect(names()).toEqual(['app-client-1', 'app-web-1', 'app-worker-1', 'app-worker-2']);
    expect(double.containers.find('app-worker-2')?.config.networks[0].aliases).toEqual(['worker']);

    await compose('up', '-d', '--scale', 'worker=1');
    expect(names()).toEqual(['app-client-1', 'app-web-1', 'app-worker-1']);
  });

  it('down -v leaves no container, network or volume', async () => {
    writeCompose(double, APP());
    await compose('up', '-d');
    const down = await compose('down', '-v');
    expect(down.code).toBe(0);
    expect(down.stderr).toContain('Container app-web-1  Removed');
    expect(names()).toEqual([]);
    expect([...double.resources.networks.keys()]).toEqual(['bridge']);
    expect([...double.resources.volumes.keys()]).toEqual([]);
  });

  it('-p NAME works on what runs when there is no compose file', async () => {
    writeCompose(double, APP());
    await compose('up', '-d');
    rmSync(join(double.dir, 'compose.yaml'));
    expect((await compose('ps')).stderr).toMatch(/^berth compose ps: no configuration file provided/);
    expect((await compose('-p', 'app', 'ps', '--services')).stdout).toBe('web\nworker\n');
    expect((await compose('-p', 'app', 'stop', 'worker')).stderr).toBe(' Container app-worker-1  Stopped\n');
    expect((await compose('-p', 'app', 'down', '-v')).code).toBe(0);
    expect(names()).toEqual([]);
    expect([...double.resources.networks.keys()]).toEqual(['bridge']);
    expect([...double.resources.volumes.keys()]).toEqual([]);
  });

  it('reports orphans and removes them with --remove-orphans', async () => {
    writeCompose(double, APP());
    await compose('up', '-d');
    writeCompose(
      double,
      'name: app\nservices:\n  web:\n    image: busybox\n    command: ["sleep", "100000"]\n',
    );
    const up = await compose('up', '-d');
    expect(up.stderr).toContain('Found orphan containers (app-client-1, app-worker-1)');
    expect(names()).toContain('app-worker-1');
    await compose('up', '-d', '--remove-orphans');
    expect(names()).toEqual(['app-web-1']);
  });

  it('stop, start, restart, kill and rm act on the services in order', async () => {
    writeCompose(double, APP());
    await compose('up', '-d', 'worker');
    expect((await compose('stop')).stderr).toBe(
      ' Container app-worker-1  Stopped\n Container app-web-1  Stopped\n',
    );
    expect((await compose('start', 'web')).stderr).toBe(' Container app-web-1  Started\n');
    expect((await compose('restart', 'web')).code).toBe(0);
    expect((await compose('kill', 'web')).stderr).toBe(' Container app-web-1  Killed\n');
    expect((await compose('rm', 'worker')).stderr).toBe(' Container app-worker-1  Removed\n');
    expect(names()).toEqual(['app-web-1']);
  });

  it('up without -d follows the logs until the containers stop', async () => {
    writeCompose(
      double,
      'name: app\nservices:\n  once:\n    image: busybox\n    command: ["sh", "-c", "echo first; echo second"]\n',
    );
    const up = await compose('up', '--no-color');
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('Attaching to app-once-1\n');
    expect(up.stdout).toBe('app-once-1  | first\napp-once-1  | second\n');
  });

  it('run starts dependencies and runs a one-off container', async () => {
    writeCompose(double, APP());
    const run = await compose('run', '--rm', 'client', 'sh', '-c', 'echo one-off; exit 4');
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('one-off\n');
    expect(names()).toEqual(['app-web-1']);
  });

  it('a failed healthcheck stops up with a clear error', async () => {
    writeCompose(double, APP().replace('test: ["CMD", "true"]', 'test: ["CMD", "false"]\n      retries: 1'));
    const up = await compose('up', '-d');
    expect(up.code).toBe(1);
    // The worker does not depend on web's health: it starts meanwhile. The error is one line, last.
    expect(up.stderr.split('\n').filter((line) => line.startsWith('berth compose'))).toEqual([
      'berth compose up: container app-web-1 is unhealthy',
    ]);
    expect(up.stderr.endsWith('is unhealthy\n')).toBe(true);
    // The client was created (as with docker compose) but never started.
    expect(double.containers.find('app-client-1')?.state).toBe(
      engine.v1.ContainerState.CONTAINER_STATE_CREATED,
    );
  });

  it.each([
    [
      'services:\n  web:\n    image: busybox\n    ports: ["80:abc"]\n',
      {},
      'compose.yaml: services.web.ports[0]: invalid port "80:abc" (line 4)',
    ],
    [
      'services:\n  web:\n    image: "busybox:${TAG:?TAG must be set}"\n',
      {},
      'compose.yaml: services.web.image: required variable TAG is missing a value: TAG must be set (line 3)',
    ],
    [
      'services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n',
      {},
      'dependency cycle between services: a -> b -> a',
    ],
  ])('a bad project gives one error and creates nothing: %j', async (text, env, message) => {
    writeCompose(double, text);
    const up = await composeRunner(double, env)('up', '-d');
    expect(up).toEqual({ code: 1, stdout: '', stderr: `berth compose up: ${message}\n` });
    expect(double.containers.calls.filter((call) => call !== 'list')).toEqual([]);
    expect(double.resources.volumes.size + double.resources.networks.size).toBe(1);
  });

  it('up --wait returns once every container runs and the healthchecked ones are healthy', async () => {
    writeCompose(
      double,
      [
        'name: app',
        'services:',
        '  web:',
        '    image: busybox',
        '    healthcheck: {test: ["CMD", "true"], interval: 100ms}',
        '  worker:',
        '    image: busybox',
        '',
      ].join('\n'),
    );
    const up = await compose('up', '--wait');
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('Container app-web-1  Healthy');
    expect(up.stderr).toContain('Container app-worker-1  Running');
    writeCompose(
      double,
      'name: app\nservices:\n  web:\n    image: busybox\n    healthcheck: {test: ["CMD", "false"], interval: 100ms, retries: 1}\n',
    );
    expect(await compose('up', '--wait', '--wait-timeout', '30')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/berth compose up: container app-web-1 is unhealthy\n$/),
    });
  });

  it('waits through the start period and refuses a missing external network', async () => {
    // Healthy from the third probe on: the first two fail inside the start period.
    writeCompose(
      double,
      [
        'name: app',
        'services:',
        '  web:',
        '    image: busybox',
        '    command: ["sleep", "100000"]',
        '    healthcheck:',
        '      test: ["CMD-SHELL", "echo probe >> probes; test $$(wc -l < probes) -ge 3"]',
        '      interval: 100ms',
        '      start_period: 1h',
        '      start_interval: 100ms',
        '      retries: 1',
        '  client:',
        '    image: busybox',
        '    depends_on: {web: {condition: service_healthy}}',
        '',
      ].join('\n'),
    );
    expect((await compose('up', '-d')).code).toBe(0);
    expect(readFileSync(join(double.dir, 'probes'), 'utf8').split('\n').length - 1).toBeGreaterThanOrEqual(3);
    expect(names()).toEqual(['app-client-1', 'app-web-1']);

    writeCompose(
      double,
      'name: other\nservices:\n  web:\n    image: busybox\nnetworks:\n  default:\n    external: true\n    name: shared\n',
    );
    expect(await compose('up', '-d')).toMatchObject({
      code: 1,
      stderr: 'berth compose up: network shared declared as external, but could not be found\n',
    });
  });

  it('config prints the resolved model; build has nothing to build without build sections', async () => {
    writeCompose(double, APP());
    const config = await compose('config');
    expect(config.stdout).toContain('name: app\nservices:\n  web:\n    image: busybox\n');
    expect(config.stdout).toContain('      - type: volume\n        source: site\n        target: /www\n');
    expect((await compose('config', '--services')).stdout).toBe('web\nworker\nclient\n');
    expect(await compose('build')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('rejects unknown commands and flags as usage errors', async () => {
    writeCompose(double, APP());
    expect(await compose('upp')).toMatchObject({
      code: 125,
      stderr: 'berth compose: unknown command "upp" (see \'berth compose --help\')\n',
    });
    expect(await compose('up', '--detatch')).toMatchObject({
      code: 125,
      stderr: 'berth compose up: unknown flag --detatch for "compose up"\n',
    });
    expect((await compose('--help')).stdout).toContain('Usage:  berth compose [OPTIONS] COMMAND');
  });
});
