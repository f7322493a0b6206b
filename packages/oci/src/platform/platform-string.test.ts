import { InvalidPlatformError } from '../errors';
import { hostPlatform } from './host-platform';
import { formatPlatform, parsePlatform } from './platform-string';

describe('parsePlatform / formatPlatform', () => {
  it.each([
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux/arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux/aarch64', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['Linux/X86_64', { os: 'linux', architecture: 'amd64' }],
    ['linux/amd64/v3', { os: 'linux', architecture: 'amd64', variant: 'v3' }],
    ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux/arm/v6', { os: 'linux', architecture: 'arm', variant: 'v6' }],
    ['linux/armhf', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['windows(10.0.17763)/amd64', { os: 'windows', 'os.version': '10.0.17763', architecture: 'amd64' }],
  ])('parses %s', (input, expected) => {
    expect(parsePlatform(input)).toEqual(expected);
  });

  it('fills a lone OS or architecture from the host', () => {
    const host = hostPlatform();
    expect(parsePlatform('linux')).toEqual({ ...host, os: 'linux' });
    expect(parsePlatform('s390x')).toEqual({ os: host.os, architecture: 's390x' });
  });

  it.each([
    ['', 'empty'],
    ['linux/arm64/v8/extra', 'expected os[/arch[/variant]]'],
    ['linux/arm 64', 'invalid component "arm 64"'],
    ['linux//v8', 'invalid component ""'],
    ['plan10', 'unknown operating system or architecture "plan10"'],
  ])('refuses %j', (input, why) => {
    expect(() => parsePlatform(input)).toThrow(InvalidPlatformError);
    expect(() => parsePlatform(input)).toThrow(why);
  });

  it('formats what it parses', () => {
    for (const text of ['linux/arm64/v8', 'linux/amd64', 'linux/arm/v7', 'windows(10.0.17763)/amd64']) {
      expect(formatPlatform(parsePlatform(text))).toBe(text);
    }
  });
});
