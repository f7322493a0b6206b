import { checkDistinctTargets, checkMountRequest, parseBind, parseTmpfs } from './mounts';
import { formatRestartPolicy, parseRestartPolicy } from './restart-policy';
import { parseSecurityOptions } from './security-opt';
import { parseSignal, signalName } from './signals';
import { parseBytes } from './size';
import { parseUlimit, toRlimit, RLIM_INFINITY } from './ulimits';

describe('parseBytes', () => {
  it.each([
    ['512', 512],
    ['64k', 65536],
    ['100m', 100 * 1024 ** 2],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2MB', 2 * 1024 ** 2],
  ])('%s', (text, bytes) => expect(parseBytes(text, 'memory')).toBe(bytes));
  it('names the field', () =>
    expect(() => parseBytes('lots', 'memory')).toThrow('invalid memory: "lots" is not a size'));
});

describe('parseBind', () => {
  it('reads anonymous, named and bind forms', () => {
    expect(parseBind('/data')).toEqual({ kind: 'volume', source: '', target: '/data', readOnly: false });
    expect(parseBind('data:/data:ro,nocopy')).toMatchObject({
      kind: 'volume',
      source: 'data',
      readOnly: true,
      noCopy: true,
    });
    expect(parseBind('/srv/www/:/usr/share/html:ro,rslave')).toEqual({
      kind: 'bind',
      source: '/srv/www',
      target: '/usr/share/html',
      readOnly: true,
      propagation: 'rslave',
      createHostPath: true,
    });
  });
  it.each([
    ['', 'is not [source:]target'],
    ['a:b:c:d', 'is not [source:]target'],
    ['data:relative', 'container path "relative" must be absolute'],
    ['data:/', 'cannot mount over'],
    ['bad name!:/x', 'is not a volume name'],
    ['/h:/c:rw,fast', 'unknown option "fast"'],
    ['vol:/c:rslave', 'unknown option "rslave"'],
  ])('rejects %j', (spec, message) => expect(() => parseBind(spec)).toThrow(message));
});

describe('parseTmpfs', () => {
  it('reads size, mode and plain options', () => {
    expect(parseTmpfs('/run:size=64m,mode=1770,noexec')).toEqual({
      kind: 'tmpfs',
      source: '',
      target: '/run',
      readOnly: false,
      tmpfsSize: 64 * 1024 ** 2,
      tmpfsMode: 0o1770,
      tmpfsOptions: ['noexec'],
    });
    expect(() => parseTmpfs('/run:mode=9')).toThrow('is not octal');
    expect(() => parseTmpfs('/run:bogus')).toThrow('unknown option "bogus"');
  });
});

describe('checkMountRequest', () => {
  it('requires absolute bind sources and no tmpfs source', () => {
    expect(() => checkMountRequest({ kind: 'bind', source: 'rel', target: '/x', readOnly: false })).toThrow(
      'absolute host path',
    );
    expect(() => checkMountRequest({ kind: 'tmpfs', source: 'x', target: '/x', readOnly: false })).toThrow(
      'takes no source',
    );
    expect(checkMountRequest({ kind: 'volume', source: 'vol', target: '/x/', readOnly: false }).target).toBe(
      '/x',
    );
  });
  it('refuses duplicate targets', () => {
    expect(() => checkDistinctTargets([parseBind('/a'), parseBind('vol:/a')])).toThrow(
      'duplicate mount point: /a',
    );
  });
});

describe('parseRestartPolicy', () => {
  it.each([
    ['no', { name: 'no', maximumRetryCount: 0 }],
    ['', { name: 'no', maximumRetryCount: 0 }],
    ['always', { name: 'always', maximumRetryCount: 0 }],
    ['unless-stopped', { name: 'unless-stopped', maximumRetryCount: 0 }],
    ['on-failure:5', { name: 'on-failure', maximumRetryCount: 5 }],
  ])('%s', (text, policy) => {
    expect(parseRestartPolicy(text)).toEqual(policy);
    expect(formatRestartPolicy(parseRestartPolicy(text))).toBe(text === '' ? 'no' : text);
  });
  it.each([
    ['sometimes', 'unknown policy'],
    ['always:3', 'only be used with "on-failure"'],
    ['on-failure:x', 'is not a number'],
  ])('rejects %s', (text, message) => expect(() => parseRestartPolicy(text)).toThrow(message));
});

describe('parseSignal', () => {
  it('reads names, short names, numbers and realtime signals', () => {
    expect(parseSignal('SIGTERM')).toEqual({ name: 'SIGTERM', number: 15 });
    expect(parseSignal('kill')).toEqual({ name: 'SIGKILL', number: 9 });
    expect(parseSignal('1')).toEqual({ name: 'SIGHUP', number: 1 });
    expect(parseSignal('SIGRTMIN+2').number).toBe(36);
    expect(parseSignal('RTMAX-1').number).toBe(63);
    expect(signalName(15)).toBe('SIGTERM');
  });
  it('rejects unknown ones', () => {
    expect(() => parseSignal('SIGNOPE', 'stop-signal')).toThrow(
      'invalid stop-signal: unknown signal "SIGNOPE"',
    );
    expect(() => parseSignal('99')).toThrow('out of range');
  });
});

describe('parseUlimit', () => {
  it('reads soft and hard limits', () => {
    expect(toRlimit(parseUlimit('nofile=1024:2048'))).toEqual({
      type: 'RLIMIT_NOFILE',
      soft: 1024,
      hard: 2048,
    });
    expect(toRlimit(parseUlimit('core=unlimited'))).toEqual({
      type: 'RLIMIT_CORE',
      soft: RLIM_INFINITY,
      hard: RLIM_INFINITY,
    });
  });
  it.each([
    ['nofile', 'is not name=soft[:hard]'],
    ['files=1', 'unknown ulimit "files"'],
    ['nofile=10:5', 'exceeds its hard limit'],
    ['nofile=ten', 'is not a number'],
  ])('rejects %s', (text, message) => expect(() => parseUlimit(text)).toThrow(message));
});

describe('parseSecurityOptions', () => {
  it('reads seccomp and no-new-privileges, ignores apparmor and label', () => {
    expect(parseSecurityOptions(['seccomp=unconfined', 'no-new-privileges', 'apparmor=unconfined'])).toEqual({
      seccomp: { kind: 'unconfined' },
      noNewPrivileges: true,
    });
    expect(parseSecurityOptions(['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}']).seccomp).toEqual({
      kind: 'profile',
      profile: { defaultAction: 'SCMP_ACT_ALLOW' },
    });
  });
  it.each([
    ['seccomp=', 'needs "unconfined" or a profile'],
    ['seccomp={oops', 'is not JSON'],
    ['seccomp={}', 'has no "defaultAction"'],
    ['no-new-privileges=maybe', 'must be true or false'],
    ['selinux=on', 'unknown option'],
  ])('rejects %s', (entry, message) => expect(() => parseSecurityOptions([entry])).toThrow(message));
});
