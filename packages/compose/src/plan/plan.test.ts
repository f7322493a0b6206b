import { engine } from '@berth/api';
import type { ComposeModel, ServiceConfig } from '../model/types';
import { configHash } from './config-hash';
import { containerConfig } from './container-config';
import { containerName, networkName, volumeName } from './names';
import { dependencyOrder } from './order';

const svc = (depends: string[] = [], extra: ServiceConfig = {}): ServiceConfig => ({
  image: 'busybox',
  depends_on: Object.fromEntries(depends.map((d) => [d, { condition: 'service_started', required: true }])),
  ...extra,
});

describe('dependencyOrder', () => {
  const services = { web: svc(['api']), api: svc(['db', 'cache']), db: svc(), cache: svc(), lone: svc() };

  it('puts dependencies first', () => {
    const order = dependencyOrder(services);
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(order.indexOf(dependency)).toBeLessThan(order.indexOf(name));
      }
    }
    expect(order).toHaveLength(5);
  });

  it('selects services with or without their dependencies', () => {
    expect(dependencyOrder(services, ['api'])).toEqual(['cache', 'db', 'api']);
    expect(dependencyOrder(services, ['web', 'db'], false)).toEqual(['db', 'web']);
  });

  it('reports cycles and unknown services', () => {
    expect(() => dependencyOrder({ a: svc(['b']), b: svc(['c']), c: svc(['a']) })).toThrow(
      'dependency cycle between services: a -> b -> c -> a',
    );
    expect(() => dependencyOrder(services, ['nope'])).toThrow('no such service: nope');
  });
});

describe('names', () => {
  it('follows docker compose v2', () => {
    expect(containerName('app', 'web', 2)).toBe('app-web-2');
    expect(containerName('app', 'web', 1, { container_name: 'mine' })).toBe('mine');
    expect(networkName('app', 'default', undefined)).toBe('app_default');
    expect(networkName('app', 'front', { external: true })).toBe('front');
    expect(networkName('app', 'front', { name: 'custom' })).toBe('custom');
    expect(volumeName('app', 'data', {})).toBe('app_data');
  });
});

describe('configHash', () => {
  it('ignores scale and key order, and sees every other change', () => {
    const base = svc([], { environment: { A: '1', B: '2' } });
    expect(configHash(base, 'busybox')).toBe(
      configHash({ ...base, environment: { B: '2', A: '1' } }, 'busybox'),
    );
    expect(configHash(base, 'busybox')).toBe(
      configHash({ ...base, deploy: { replicas: 3 }, scale: 2 }, 'busybox'),
    );
    expect(configHash(base, 'busybox')).not.toBe(
      configHash({ ...base, environment: { A: '2', B: '2' } }, 'busybox'),
    );
    expect(configHash(base, 'busybox')).not.toBe(configHash(base, 'busybox:2'));
  });
});

describe('containerConfig', () => {
  it('maps the service onto the engine API with compose labels', () => {
    const model: ComposeModel = {
      name: 'app',
      services: {
        web: {
          image: 'busybox',
          command: ['httpd', '-f'],
          environment: { A: '1', DROPPED: null },
          ports: [{ target: 80, published: '8080', protocol: 'tcp' }],
          volumes: [
            { type: 'volume', source: 'data', target: '/www', read_only: true },
            { type: 'tmpfs', target: '/tmp', tmpfs: { size: 1024 } },
          ],
          networks: { back: { aliases: ['www'] } },
          restart: 'on-failure:3',
          stop_grace_period: '1m30s',
          deploy: { resources: { limits: { memory: 1048576, cpus: 0.5, pids: 64 } } },
          init: true,
        },
      },
      networks: { back: {} },
      volumes: { data: {} },
    };
    const config = containerConfig({
      model,
      service: 'web',
      number: 1,
      containerName: 'app-web-1',
      hash: 'h',
      workingDir: '/p',
      configFiles: ['/p/compose.yaml'],
    });
    expect(config.image).toBe('busybox');
    expect(config.cmd).toEqual(['httpd', '-f']);
    expect(config.entrypointSet).toBe(false);
    expect(config.env).toEqual(['A=1']);
    expect(config.portBindings).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }]);
    expect(config.mounts.map((m) => [m.type, m.source, m.target, m.readOnly])).toEqual([
      [engine.v1.MountType.MOUNT_TYPE_VOLUME, 'app_data', '/www', true],
      [engine.v1.MountType.MOUNT_TYPE_TMPFS, '', '/tmp', false],
    ]);
    expect(config.networkMode).toBe('app_back');
    expect(config.networks).toEqual([{ network: 'app_back', aliases: ['web', 'www'], ipv4Address: '' }]);
    expect(config.restartPolicy).toEqual({
      name: engine.v1.RestartPolicyName.RESTART_POLICY_NAME_ON_FAILURE,
      maximumRetryCount: 3,
    });
    expect(config.stopTimeout).toBe(90);
    expect(config.resources).toMatchObject({ memory: 1048576, nanoCpus: 500_000_000, pidsLimit: 64 });
    expect(config.labels).toMatchObject({
      'com.docker.compose.project': 'app',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.config-hash': 'h',
      'com.docker.compose.oneoff': 'False',
    });
  });

  it('passes docker run options through, and network_mode instead of the project networks', () => {
    const model: ComposeModel = {
      name: 'app',
      services: {
        tool: {
          image: 'busybox',
          cap_add: ['NET_ADMIN'],
          read_only: true,
          tty: true,
          stdin_open: true,
          tmpfs: ['/run'],
          extra_hosts: ['db:10.0.0.2'],
          sysctls: { 'net.ipv4.ip_forward': '1' },
          network_mode: 'none',
          mem_limit: 64 << 20,
          cpus: 1.5,
          ulimits: { nofile: { soft: 1024, hard: 2048 } },
        },
      },
      networks: {},
      volumes: {},
    };
    const config = containerConfig({
      model,
      service: 'tool',
      number: 1,
      containerName: 'app-tool-1',
      hash: 'h',
      workingDir: '/p',
      configFiles: ['/p/compose.yaml'],
    });
    expect(config).toMatchObject({
      capAdd: ['NET_ADMIN'],
      readOnlyRootfs: true,
      tty: true,
      openStdin: true,
      tmpfs: ['/run'],
      extraHosts: ['db:10.0.0.2'],
      sysctls: { 'net.ipv4.ip_forward': '1' },
      networkMode: 'none',
      networks: [],
    });
    expect(config.resources).toMatchObject({
      memory: 64 << 20,
      nanoCpus: 1_500_000_000,
      ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }],
    });
  });
});
