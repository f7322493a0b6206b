import { hostPlatform, platformFromNode } from './host-platform';

describe('host platform', () => {
  it.each([
    ['linux', 'x64', undefined, { os: 'linux', architecture: 'amd64' }],
    ['linux', 'arm64', undefined, { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux', 'arm', '6', { os: 'linux', architecture: 'arm', variant: 'v6' }],
    ['linux', 'arm', 7, { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux', 'arm', undefined, { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux', 'ia32', undefined, { os: 'linux', architecture: '386' }],
    ['linux', 'ppc64', undefined, { os: 'linux', architecture: 'ppc64le' }],
    ['linux', 's390x', undefined, { os: 'linux', architecture: 's390x' }],
    ['win32', 'x64', undefined, { os: 'windows', architecture: 'amd64' }],
    ['darwin', 'arm64', undefined, { os: 'darwin', architecture: 'arm64', variant: 'v8' }],
  ])('maps node %s/%s (arm %s) to GOOS/GOARCH', (platform, arch, armVersion, expected) => {
    expect(platformFromNode(platform, arch, armVersion)).toEqual(expected);
  });

  it('describes this machine', () => {
    const host = hostPlatform();
    expect(host).toEqual(platformFromNode(process.platform, process.arch, host.variant?.slice(1)));
    expect(host.os).toBe(process.platform === 'win32' ? 'windows' : process.platform);
  });
});
