import { settingsWith } from '../testing/settings';
import type { ContainerRecord } from '../state/container-record';
import { initialState } from '../state/container-state';
import { selectContainers } from './container-filters';
import { inspectDocument } from './inspect-document';

function record(
  id: string,
  name: string,
  created: string,
  overrides: Partial<ContainerRecord> = {},
): ContainerRecord {
  return {
    version: 1,
    id: id.padEnd(64, '0'),
    name,
    created,
    settings: settingsWith({ labels: { app: name } }),
    imageId: 'sha256:' + 'e'.repeat(64),
    imageName: 'docker.io/library/busybox:latest',
    imageConfig: {},
    state: initialState(),
    restartCount: 0,
    manuallyStopped: false,
    ports: [],
    endpoints: [],
    mounts: [],
    shimSocket: '',
    netnsPath: '',
    bundle: '',
    logPath: '/log',
    ...overrides,
  };
}

const running = { ...initialState(), status: 'running' as const, pid: 42, startedAt: '2026-11-23T10:00:00Z' };
const web = record('a1', 'web', '2026-11-23T10:00:00Z', {
  state: running,
  ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }],
  settings: settingsWith({
    image: 'nginx',
    labels: { app: 'web', tier: 'front' },
    exposedPorts: ['80/tcp'],
    portBindings: [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }],
    cmd: ['nginx'],
  }),
  mounts: [
    {
      kind: 'volume',
      name: 'data',
      source: '/v/data/_data',
      destination: '/data',
      readOnly: false,
      propagation: '',
      anonymous: false,
    },
  ],
});
const job = record('b2', 'job', '2026-11-23T11:00:00Z', {
  state: { ...initialState(), status: 'exited', exitCode: 3 },
});
const fresh = record('c3', 'fresh', '2026-11-23T12:00:00Z');
const all = [web, job, fresh];
const resolve = (ref: string) => all.find((r) => r.name === ref)!;
const names = (filters: { key: string; value: string }[], showAll = true) =>
  selectContainers(all, { all: showAll, filters, limit: 0 }, resolve).map((r) => r.name);

describe('selectContainers', () => {
  it('shows running ones by default and everything newest first with all', () => {
    expect(names([], false)).toEqual(['web']);
    expect(names([])).toEqual(['fresh', 'job', 'web']);
    expect(selectContainers(all, { all: true, filters: [], limit: 1 }, resolve)).toHaveLength(1);
  });

  it('filters like docker', () => {
    expect(names([{ key: 'status', value: 'exited' }], false)).toEqual(['job']);
    expect(
      names([
        { key: 'status', value: 'exited' },
        { key: 'status', value: 'created' },
      ]),
    ).toEqual(['fresh', 'job']);
    expect(names([{ key: 'label', value: 'tier=front' }])).toEqual(['web']);
    expect(names([{ key: 'ancestor', value: 'nginx' }])).toEqual(['web']);
    expect(names([{ key: 'exited', value: '3' }])).toEqual(['job']);
    expect(names([{ key: 'before', value: 'fresh' }])).toEqual(['job', 'web']);
    expect(names([{ key: 'since', value: 'web' }])).toEqual(['fresh', 'job']);
    expect(names([{ key: 'volume', value: 'data' }])).toEqual(['web']);
    expect(names([{ key: 'publish', value: '8080' }])).toEqual(['web']);
    expect(
      names([
        { key: 'name', value: 'we' },
        { key: 'id', value: 'c3' },
      ]),
    ).toEqual([]);
  });

  it('rejects unknown keys and statuses', () => {
    expect(() => names([{ key: 'color', value: 'red' }])).toThrow("invalid filter 'color'");
    expect(() => names([{ key: 'status', value: 'sleeping' }])).toThrow("invalid filter 'status=sleeping'");
  });
});

describe('inspectDocument', () => {
  it('has docker field names and values', () => {
    const doc = inspectDocument(web, { Env: ['PATH=/bin'], Entrypoint: ['/entry'] });
    expect(doc.Name).toBe('/web');
    expect(doc.Path).toBe('/entry');
    expect(doc.Args).toEqual(['nginx']);
    expect(doc.State).toMatchObject({
      Status: 'running',
      Running: true,
      Pid: 42,
      FinishedAt: '0001-01-01T00:00:00Z',
    });
    expect(doc.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
    expect(doc.HostConfig.RestartPolicy).toEqual({ Name: 'no', MaximumRetryCount: 0 });
    expect(doc.NetworkSettings.Ports).toEqual({ '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
    expect(doc.Mounts).toEqual([
      {
        Type: 'volume',
        Name: 'data',
        Driver: 'local',
        Source: '/v/data/_data',
        Destination: '/data',
        Mode: '',
        RW: true,
        Propagation: '',
      },
    ]);
    expect(doc.Config).toMatchObject({
      Hostname: web.id.slice(0, 12),
      Env: ['PATH=/bin'],
      StopSignal: 'SIGTERM',
      StopTimeout: 10,
    });
  });

  it('shows no live ports for a stopped container', () => {
    expect(inspectDocument(job).NetworkSettings.Ports).toEqual({});
    expect(inspectDocument(job).State).toMatchObject({ Running: false, ExitCode: 3, Pid: 0 });
  });
});
