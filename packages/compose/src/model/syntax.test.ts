import { parseShortPort } from './ports';
import { splitShellWords } from './reader';
import { parseShortVolume } from './service-volumes';
import { parseBytes, parseDurationSeconds } from './units';

const invalid = () => new Error('invalid');

describe('short port syntax', () => {
  it.each([
    ['80', [{ target: 80, protocol: 'tcp' }]],
    ['8080:80', [{ target: 80, published: '8080', protocol: 'tcp' }]],
    ['127.0.0.1:8080:80/udp', [{ target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'udp' }]],
    ['127.0.0.1::80', [{ target: 80, host_ip: '127.0.0.1', protocol: 'tcp' }]],
    ['[::1]:8080:80', [{ target: 80, published: '8080', host_ip: '::1', protocol: 'tcp' }]],
  ])('%s', (text, expected) => {
    expect(parseShortPort(text, invalid)).toEqual(expected);
  });

  it.each(['80:abc', '0', '70000', '1:2:3:4', '80/icmp', '8000-8002:80-81', 'a.b.c.d:80:80'])(
    'rejects %s',
    (text) => {
      expect(() => parseShortPort(text, invalid)).toThrow('invalid');
    },
  );
});

describe('short volume syntax', () => {
  const resolve = (path: string) => `/project/${path.replace(/^\.\//, '')}`;
  it('tells named volumes, binds and anonymous volumes apart', () => {
    expect(parseShortVolume('/data', resolve, invalid)).toEqual({ type: 'volume', target: '/data' });
    expect(parseShortVolume('db:/var/lib/db:ro,nocopy', resolve, invalid)).toEqual({
      type: 'volume',
      source: 'db',
      target: '/var/lib/db',
      read_only: true,
      volume: { nocopy: true },
    });
    expect(parseShortVolume('./conf:/etc/app:rshared', resolve, invalid)).toEqual({
      type: 'bind',
      source: '/project/conf',
      target: '/etc/app',
      bind: { create_host_path: true, propagation: 'rshared' },
    });
  });

  it.each(['relative', 'a:b', 'a:/b:bogus', 'a::/b', 'a:/b:c:d'])('rejects %s', (text) => {
    expect(() => parseShortVolume(text, resolve, invalid)).toThrow('invalid');
  });
});

describe('command strings', () => {
  it('split as a shell would, without expanding', () => {
    expect(splitShellWords(`sh -c 'echo $HOME; exit 1' "a \\"b\\"" c\\ d`, invalid)).toEqual([
      'sh',
      '-c',
      'echo $HOME; exit 1',
      'a "b"',
      'c d',
    ]);
    expect(() => splitShellWords(`echo 'open`, invalid)).toThrow('invalid');
  });
});

describe('units', () => {
  it('parse sizes and durations as compose writes them', () => {
    expect(parseBytes('512m')).toBe(512 * 1024 ** 2);
    expect(parseBytes('1.5g')).toBe(1.5 * 1024 ** 3);
    expect(parseBytes(2048)).toBe(2048);
    expect(parseBytes('lots')).toBeUndefined();
    expect(parseDurationSeconds('1m30s')).toBe(90);
    expect(parseDurationSeconds('500ms')).toBe(0.5);
    expect(parseDurationSeconds('10')).toBeUndefined();
    expect(parseDurationSeconds('0')).toBe(0);
  });
});
