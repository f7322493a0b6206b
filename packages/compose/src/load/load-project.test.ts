import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeError } from '../errors';
import { loadProject } from './load-project';

describe('loadProject', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-compose-load-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const load = (extra: Partial<Parameters<typeof loadProject>[0]> = {}) =>
    loadProject({ cwd: dir, env: {}, ...extra });
  const failure = (fn: () => unknown): ComposeError => {
    try {
      fn();
    } catch (err) {
      if (err instanceof ComposeError) return err;
      throw err;
    }
    throw new Error('expected a ComposeError');
  };

  it('discovers compose.yaml, names the project after the directory and normalises short syntax', () => {
    const app = join(dir, 'My App!');
    mkdirSync(app);
    writeFileSync(
      join(app, 'compose.yaml'),
      [
        'services:',
        '  web:',
        '    image: busybox',
        '    command: httpd -f -p "80"',
        '    environment: [A=1, B]',
        '    ports: ["127.0.0.1:8080:80", "9000-9001:90-91/udp"]',
        '    volumes: [data:/srv, ./site:/www:ro, /anon]',
        '    depends_on: [db]',
        '    networks: [back]',
        '  db:',
        '    image: busybox',
        'volumes: {data: {}}',
        'networks: {back: {}}',
      ].join('\n'),
    );
    const project = loadProject({ cwd: app, env: { B: 'from-env' } });
    expect(project.model.name).toBe('myapp');
    const web = project.model.services.web;
    expect(web.command).toEqual(['httpd', '-f', '-p', '80']);
    expect(web.environment).toEqual({ A: '1', B: 'from-env' });
    expect(web.ports).toEqual([
      { target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'tcp' },
      { target: 90, published: '9000', protocol: 'udp' },
      { target: 91, published: '9001', protocol: 'udp' },
    ]);
    expect(web.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/srv' },
      {
        type: 'bind',
        source: join(app, 'site'),
        target: '/www',
        read_only: true,
        bind: { create_host_path: true },
      },
      { type: 'volume', target: '/anon' },
    ]);
    expect(web.depends_on).toEqual({ db: { condition: 'service_started', required: true } });
    expect(web.networks).toEqual({ back: {} });
  });

  it('interpolates from the environment over .env, and takes name: and -p in order', () => {
    write('.env', 'TAG=1.0\nPORT=80\n');
    write(
      'compose.yaml',
      'name: fromfile\nservices:\n  web:\n    image: "busybox:${TAG}"\n    ports: ["${PORT}:80"]\n',
    );
    expect(load().model.services.web.image).toBe('busybox:1.0');
    expect(load({ env: { TAG: '2.0' } }).model.services.web.image).toBe('busybox:2.0');
    expect(load().model.name).toBe('fromfile');
    expect(load({ env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).model.name).toBe('fromenv');
    expect(load({ projectName: 'flag', env: { COMPOSE_PROJECT_NAME: 'fromenv' } }).model.name).toBe('flag');
    expect(failure(() => load({ projectName: 'Bad Name' })).code).toBe('InvalidProjectName');
  });

  it('merges -f files in order with the specification rules', () => {
    write(
      'base.yaml',
      'services:\n  web:\n    image: a\n    command: [one]\n    environment: {A: "1", B: "1"}\n    ports: ["80:80"]\n    volumes: ["v:/data"]\n    labels: {x: "1"}\nvolumes: {v: {}, w: {}}\n',
    );
    write(
      'override.yaml',
      'services:\n  web:\n    image: b\n    command: [two]\n    environment: {B: "2"}\n    ports: ["80:80", "81:81"]\n    volumes: ["w:/data"]\n  extra:\n    image: c\n',
    );
    const project = load({ files: ['base.yaml', 'override.yaml'] });
    const web = project.model.services.web;
    expect(web.image).toBe('b');
    expect(web.command).toEqual(['two']);
    expect(web.environment).toEqual({ A: '1', B: '2' });
    expect(web.ports?.map((p) => p.published)).toEqual(['80', '81']);
    expect(web.volumes).toEqual([{ type: 'volume', source: 'w', target: '/data' }]);
    expect(web.labels).toEqual({ x: '1' });
    expect(Object.keys(project.model.services)).toEqual(['web', 'extra']);
  });

  it('reads the docker run options a service sets, merging their lists across files', () => {
    write(
      'base.yaml',
      [
        'services:',
        '  web:',
        '    image: a',
        '    cap_add: [NET_ADMIN]',
        '    cap_drop: [MKNOD]',
        '    privileged: false',
        '    read_only: true',
        '    tty: true',
        '    stdin_open: true',
        '    tmpfs: /run',
        '    dns: 10.0.0.53',
        '    dns_search: [example.org]',
        '    extra_hosts: ["db=10.0.0.2", "cache:10.0.0.3"]',
        '    sysctls: {net.ipv4.ip_forward: 1}',
        '    security_opt: [no-new-privileges]',
        '    domainname: example.org',
        '    network_mode: none',
        '    mem_limit: 64m',
        '    cpus: 0.5',
        '    ulimits: {nproc: 512, nofile: {soft: 1024, hard: 2048}}',
        '',
      ].join('\n'),
    );
    write(
      'override.yaml',
      'services:\n  web:\n    cap_add: [SYS_TIME, NET_ADMIN]\n    extra_hosts: {db: 10.0.0.9}\n',
    );
    const web = load({ files: ['base.yaml', 'override.yaml'] }).model.services.web;
    expect(web).toMatchObject({
      cap_add: ['NET_ADMIN', 'SYS_TIME'],
      cap_drop: ['MKNOD'],
      privileged: false,
      read_only: true,
      tty: true,
      stdin_open: true,
      tmpfs: ['/run'],
      dns: ['10.0.0.53'],
      dns_search: ['example.org'],
      extra_hosts: ['db:10.0.0.2', 'cache:10.0.0.3', 'db:10.0.0.9'],
      sysctls: { 'net.ipv4.ip_forward': '1' },
      security_opt: ['no-new-privileges'],
      domainname: 'example.org',
      network_mode: 'none',
      mem_limit: 64 << 20,
      cpus: 0.5,
      ulimits: { nproc: { soft: 512, hard: 512 }, nofile: { soft: 1024, hard: 2048 } },
    });
  });

  it.each([
    [
      'services:\n  web:\n    image: a\n    ports: ["80:abc"]\n',
      'compose.yaml: services.web.ports[0]: invalid port "80:abc" (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    imagee: b\n',
      'compose.yaml: services.web.imagee: unknown key "imagee" (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    devices: [/dev/fuse]\n',
      'compose.yaml: services.web.devices: "devices" is not supported by berth compose (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    network_mode: "service:db"\n',
      'compose.yaml: services.web.network_mode: "service:db" is not supported by berth compose (none, host, bridge or container:<name>) (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    network_mode: none\n    networks: [back]\nnetworks: {back: {}}\n',
      'compose.yaml: services.web.network_mode: "network_mode" and "networks" cannot be combined (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    ulimits: {nofile: {soft: 10, hard: 5}}\n',
      'compose.yaml: services.web.ulimits.nofile: soft limit 10 is above the hard limit 5 (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    mem_limit: lots\n',
      'compose.yaml: services.web.mem_limit: invalid size "lots" (line 4)',
    ],
    [
      'services:\n  web:\n    command: x\n',
      'compose.yaml: services.web: has neither an image nor a build context',
    ],
    [
      'services:\n  web:\n    image: a\n    depends_on: [db]\n',
      'compose.yaml: services.web.depends_on: depends on undefined service "db"',
    ],
    [
      'services:\n  web:\n    image: a\n    volumes: ["data:/d"]\n',
      'compose.yaml: services.web.volumes[0]: undefined volume "data"',
    ],
    [
      'services:\n  web:\n    image: a\n    restart: sometimes\n',
      'compose.yaml: services.web.restart: invalid restart policy "sometimes" (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    stop_grace_period: 5 minutes\n',
      'compose.yaml: services.web.stop_grace_period: invalid duration "5 minutes" (line 4)',
    ],
    [
      'services:\n  web:\n    image: a\n    deploy: {resources: {limits: {memory: lots}}}\n',
      'compose.yaml: services.web.deploy.resources.limits.memory: invalid size "lots" (line 4)',
    ],
    ['services:\n  web: [a]\n', 'compose.yaml: services.web: must be a mapping (line 2)'],
    [
      'services:\n  web:\n    image: a\n  web:\n    image: b\n',
      'compose.yaml: invalid YAML: Map keys must be unique (line 4)',
    ],
    [
      'services:\n  web:\n    image: "${IMAGE:?set IMAGE}"\n',
      'compose.yaml: services.web.image: required variable IMAGE is missing a value: set IMAGE (line 3)',
    ],
  ])('reports %j', (text, message) => {
    write('compose.yaml', text);
    expect(failure(() => load()).message).toBe(message);
  });

  it('a missing :? variable is a MissingVariable error', () => {
    write('compose.yaml', 'services:\n  web:\n    image: "${IMAGE:?}"\n');
    expect(failure(() => load()).code).toBe('MissingVariable');
  });

  it('reads env_file under environment and applies profiles', () => {
    write('web.env', 'A=from-file\nB=from-file\n');
    write(
      'compose.yaml',
      'services:\n  web:\n    image: a\n    env_file: web.env\n    environment: {B: over}\n  debug:\n    image: a\n    profiles: [dev]\n',
    );
    expect(load().model.services.web.environment).toEqual({ A: 'from-file', B: 'over' });
    expect(Object.keys(load().model.services)).toEqual(['web']);
    expect(Object.keys(load().disabledServices)).toEqual(['debug']);
    expect(Object.keys(load({ profiles: ['dev'] }).model.services)).toEqual(['web', 'debug']);
    expect(Object.keys(load({ services: ['debug'] }).model.services)).toEqual(['web', 'debug']);
  });

  it('says so when there is no compose file', () => {
    expect(failure(() => load({ files: ['missing.yaml'] })).code).toBe('ComposeFileNotFound');
  });
});
