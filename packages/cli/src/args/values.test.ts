import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeyValues, readEnvFile, resolveEnvEntry } from './env';
import { parseFilters } from './filters';
import { parseRestart, parseUlimit } from './limits';
import { parseMount } from './mount';
import { parsePublish } from './ports';
import { parseBytes, parseInteger, parseNanoCpus } from './sizes';
import { parseDuration, parseTimeSpec } from './time';

describe('sizes', () => {
  it('reads docker RAM sizes in binary units', () => {
    expect(parseBytes('512m', '--memory')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1g', '--memory')).toBe(1024 ** 3);
    expect(parseBytes('1.5GB', '--memory')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes('4096', '--memory')).toBe(4096);
    expect(() => parseBytes('lots', '--memory')).toThrow('invalid value "lots" for --memory');
  });
  it('reads CPUs as nano-CPUs and integers strictly', () => {
    expect(parseNanoCpus('1.5')).toBe(1_500_000_000);
    expect(parseNanoCpus('.5')).toBe(500_000_000);
    expect(() => parseNanoCpus('two')).toThrow('--cpus');
    expect(parseInteger('-1', '--pids-limit')).toBe(-1);
    expect(() => parseInteger('1.5', '--pids-limit')).toThrow('not an integer');
  });
});

describe('parsePublish', () => {
  it('expands every -p form', () => {
    expect(parsePublish('80')).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 0 }]);
    expect(parsePublish('8080:80')).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 },
    ]);
    expect(parsePublish('127.0.0.1:8080:80/udp')).toEqual([
      { containerPort: 80, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8080 },
    ]);
    expect(parsePublish('127.0.0.1::80')).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 },
    ]);
    expect(parsePublish('[::1]:53:53/udp')).toEqual([
      { containerPort: 53, protocol: 'udp', hostIp: '::1', hostPort: 53 },
    ]);
    expect(parsePublish('8000-8001:80-81').map((p) => [p.hostPort, p.containerPort])).toEqual([
      [8000, 80],
      [8001, 81],
    ]);
  });
  it('names the bad part', () => {
    expect(() => parsePublish('99999')).toThrow('container port 99999 is outside 1-65535');
    expect(() => parsePublish('80/icmp')).toThrow('unknown protocol "icmp"');
    expect(() => parsePublish('1-3:80')).toThrow('differ in length');
    expect(() => parsePublish('a:b:c:d')).toThrow('too many colons');
  });
});

describe('parseMount', () => {
  it('reads bind, volume and tmpfs mounts with their options', () => {
    expect(parseMount('type=bind,source=/src,target=/dst,readonly,bind-propagation=rshared')).toMatchObject({
      type: 'bind',
      source: '/src',
      target: '/dst',
      readOnly: true,
      propagation: 'rshared',
    });
    expect(parseMount('src=data,dst=/data,volume-nocopy,volume-label=a=b')).toMatchObject({
      type: 'volume',
      source: 'data',
      target: '/data',
      noCopy: true,
      volumeLabels: { a: 'b' },
    });
    expect(parseMount('type=tmpfs,destination=/tmp,tmpfs-size=64m,tmpfs-mode=1770')).toMatchObject({
      type: 'tmpfs',
      target: '/tmp',
      tmpfsSize: 64 * 1024 ** 2,
      tmpfsMode: 0o1770,
    });
  });
  it('names the bad key or missing field', () => {
    expect(() => parseMount('type=bind,target=/x')).toThrow('source is required for a bind mount');
    expect(() => parseMount('type=volume,src=x')).toThrow('target is required');
    expect(() => parseMount('type=volume,target=/x,colour=red')).toThrow('unknown key "colour"');
    expect(() => parseMount('type=tmpfs,target=/x,volume-nocopy')).toThrow(
      'volume-* options apply to volume mounts only',
    );
  });
});

describe('restart, ulimit, filters, key=values', () => {
  it('reads restart policies', () => {
    expect(parseRestart('on-failure:3')).toEqual({ name: 'on-failure', maximumRetryCount: 3 });
    expect(parseRestart('unless-stopped')).toEqual({ name: 'unless-stopped', maximumRetryCount: 0 });
    expect(() => parseRestart('always:3')).toThrow('applies to on-failure only');
    expect(() => parseRestart('sometimes')).toThrow('invalid restart policy "sometimes"');
  });
  it('reads ulimits', () => {
    expect(parseUlimit('nofile=1024:2048')).toEqual({ name: 'nofile', soft: 1024, hard: 2048 });
    expect(parseUlimit('core=-1')).toEqual({ name: 'core', soft: -1, hard: -1 });
    expect(() => parseUlimit('nofile=10:5')).toThrow('soft limit 10 is above hard limit 5');
    expect(() => parseUlimit('files=1')).toThrow('unknown ulimit "files"');
  });
  it('reads filters and labels', () => {
    expect(parseFilters(['status=exited', 'label=a=b'])).toEqual([
      { key: 'status', value: 'exited' },
      { key: 'label', value: 'a=b' },
    ]);
    expect(() => parseFilters(['exited'])).toThrow('bad format of filter "exited"');
    expect(parseKeyValues(['a=1', 'b', 'a=2'], '--label')).toEqual({ a: '2', b: '' });
  });
});

describe('environment', () => {
  it("takes a bare -e KEY from berth's environment", () => {
    expect(resolveEnvEntry('HOME', { HOME: '/root' })).toBe('HOME=/root');
    expect(resolveEnvEntry('UNSET', {})).toBe('UNSET');
    expect(resolveEnvEntry('A=b=c', {})).toBe('A=b=c');
  });
  it('reads env files, skipping comments and blank lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-cli-env-'));
    try {
      const file = join(dir, 'env');
      writeFileSync(file, '# comment\nA=1\n\nB\nC=x y\n');
      expect(readEnvFile(file, { B: 'from-env' })).toEqual(['A=1', 'B=from-env', 'C=x y']);
      writeFileSync(file, 'BAD NAME=1\n');
      expect(() => readEnvFile(file, {})).toThrow(`${file}:1: variable name "BAD NAME" contains whitespace`);
      expect(() => readEnvFile(join(dir, 'missing'), {})).toThrow('cannot read env file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('time specs', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  it('reads durations, unix timestamps and RFC 3339', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseTimeSpec('10m', '--since', now).toISOString()).toBe('2026-11-23T11:50:00.000Z');
    expect(parseTimeSpec('1700000000.5', '--since', now).getTime()).toBe(1_700_000_000_500);
    expect(parseTimeSpec('2026-11-01T00:00:00Z', '--since', now).toISOString()).toBe(
      '2026-11-01T00:00:00.000Z',
    );
    expect(() => parseTimeSpec('yesterday', '--since', now)).toThrow('invalid value "yesterday" for --since');
  });
});
