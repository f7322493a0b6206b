import { digestOf } from '../digest/digest';
import { OciValidationError } from '../errors';
import { parseImageConfig } from './image-config';

function config(): Record<string, unknown> {
  return {
    created: '2026-11-23T10:00:00.123456789Z',
    author: 'berth',
    architecture: 'arm64',
    os: 'linux',
    variant: 'v8',
    config: {
      User: '1000:1000',
      ExposedPorts: { '80/tcp': {}, '53/udp': {}, '8080': {} },
      Env: ['PATH=/usr/bin:/bin', 'EMPTY='],
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Volumes: { '/data': {} },
      WorkingDir: '/',
      Labels: { maintainer: 'someone' },
      StopSignal: 'SIGQUIT',
      ArgsEscaped: true,
      Healthcheck: { Test: ['CMD', 'true'], Interval: 30_000_000_000, Retries: 3 },
      OnBuild: [],
      Shell: ['/bin/sh', '-c'],
    },
    rootfs: { type: 'layers', diff_ids: [digestOf('layer')] },
    history: [{ created: '2026-11-23T10:00:00Z', created_by: 'ADD rootfs /', empty_layer: false }],
  };
}

function issues(json: unknown): string[] {
  try {
    parseImageConfig(json);
  } catch (error) {
    return (error as OciValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected a validation error');
}

describe('parseImageConfig', () => {
  it('accepts a full config with Docker extensions', () => {
    expect(parseImageConfig(config())).toEqual(config());
  });

  it("treats Docker's nulls as absent", () => {
    const docker = config();
    docker.config = { Env: ['A=b'], Entrypoint: null, Cmd: null, Volumes: null, OnBuild: null };
    expect(parseImageConfig(docker).config).toEqual({ Env: ['A=b'] });
  });

  it('names each broken member', () => {
    const broken = config();
    broken.created = 'yesterday';
    broken.config = { ExposedPorts: { '80/tcp': {}, '99999/tcp': {} }, Env: ['NOEQUALS'] };
    broken.rootfs = { type: 'tarball', diff_ids: ['sha256:1'] };
    delete broken.os;
    expect(issues(broken)).toEqual([
      'created: must be an RFC 3339 date-time, got "yesterday"',
      'os: missing',
      'config.ExposedPorts["99999/tcp"]: invalid exposed port "99999/tcp": expected "<1-65535>[/tcp|/udp|/sctp]"',
      'config.Env[0]: environment entry "NOEQUALS" has no \'=\'',
      'rootfs.type: must be "layers"',
      'rootfs.diff_ids[0]: invalid digest "sha256:1": sha256 hex must be 64 characters, got 1',
    ]);
  });
});
