import { normalizeArch, normalizeOs, normalizePlatform } from './normalize';

describe('platform normalisation', () => {
  it.each([
    ['x86_64', '', { architecture: 'amd64' }],
    ['x86-64', '', { architecture: 'amd64' }],
    ['amd64', 'v1', { architecture: 'amd64' }],
    ['amd64', 'v3', { architecture: 'amd64', variant: 'v3' }],
    ['aarch64', '', { architecture: 'arm64', variant: 'v8' }],
    ['arm64', '8', { architecture: 'arm64', variant: 'v8' }],
    ['arm64', 'v8.0', { architecture: 'arm64', variant: 'v8' }],
    ['arm64', '8.2', { architecture: 'arm64', variant: 'v8.2' }],
    ['arm64', 'v9.0', { architecture: 'arm64', variant: 'v9' }],
    ['armhf', '', { architecture: 'arm', variant: 'v7' }],
    ['armel', '', { architecture: 'arm', variant: 'v6' }],
    ['armv7l', '', { architecture: 'arm', variant: 'v7' }],
    ['arm', '', { architecture: 'arm', variant: 'v7' }],
    ['arm', '6', { architecture: 'arm', variant: 'v6' }],
    ['i686', '', { architecture: '386' }],
    ['ppc64el', '', { architecture: 'ppc64le' }],
    ['S390X', '', { architecture: 's390x' }],
    ['riscv64', 'rva22u64', { architecture: 'riscv64', variant: 'rva22u64' }],
  ])('%s/%s normalises', (arch, variant, expected) => {
    expect(normalizeArch(arch, variant)).toEqual(expected);
  });

  it('normalises OS names', () => {
    expect(normalizeOs('Linux')).toBe('linux');
    expect(normalizeOs('macOS')).toBe('darwin');
  });

  it('normalises a whole platform without losing other members', () => {
    expect(normalizePlatform({ os: 'Linux', architecture: 'aarch64', 'os.features': ['x'] })).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      'os.features': ['x'],
    });
    expect(normalizePlatform({ os: 'linux', architecture: 'amd64', variant: 'v1' })).toEqual({
      os: 'linux',
      architecture: 'amd64',
    });
  });
});
