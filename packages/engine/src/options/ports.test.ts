import { parsePortKey, parsePortSpec } from './ports';

describe('parsePortSpec', () => {
  it.each([
    ['80', [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 0 }]],
    ['8080:80', [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }]],
    ['127.0.0.1:8080:80/udp', [{ containerPort: 80, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8080 }]],
    ['127.0.0.1::80', [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 0 }]],
    ['[::1]:8080:80', [{ containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 8080 }]],
  ])('parses %s', (spec, expected) => {
    expect(parsePortSpec(spec)).toEqual(expected);
  });

  it('expands ranges pairwise', () => {
    expect(parsePortSpec('8000-8001:80-81').map((m) => [m.hostPort, m.containerPort])).toEqual([
      [8000, 80],
      [8001, 81],
    ]);
    expect(parsePortSpec('80-82')).toHaveLength(3);
  });

  it.each([
    ['', 'empty port specification'],
    ['http', 'container port "http" in "http" is not a port'],
    ['0', 'container port 0 in "0" is out of range 1-65535'],
    ['8080:70000', 'out of range'],
    ['80/icmp', 'unknown protocol "icmp"'],
    ['1.2.3.999:80:80', 'is not an IP address'],
    ['8000-8002:80-81', 'differ in size'],
    ['8000:80-81', 'one host port cannot publish a range'],
    ['81-80', 'ends before it starts'],
    ['1:2:3:80', 'too many colons'],
  ])('rejects %j', (spec, message) => {
    expect(() => parsePortSpec(spec)).toThrow(message);
  });
});

describe('parsePortKey', () => {
  it('defaults to tcp', () => {
    expect(parsePortKey('80')).toEqual({ port: 80, protocol: 'tcp' });
    expect(parsePortKey('53/UDP')).toEqual({ port: 53, protocol: 'udp' });
    expect(() => parsePortKey('x/tcp')).toThrow('invalid expose');
  });
});
