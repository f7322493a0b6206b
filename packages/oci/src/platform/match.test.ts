import { digestOf } from '../digest/digest';
import type { Descriptor, Platform } from '../image/descriptor';
import type { ImageIndex } from '../image/image-index';
import { MediaTypes } from '../media-types';
import { platformMatches, selectManifests } from './match';

function entry(name: string, platform?: Platform, annotations?: Record<string, string>): Descriptor {
  return {
    mediaType: MediaTypes.OciManifest,
    digest: digestOf(name),
    size: name.length,
    ...(platform === undefined ? {} : { platform }),
    ...(annotations === undefined ? {} : { annotations }),
  };
}

const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant === undefined ? {} : { variant }),
});

describe('platformMatches', () => {
  it('matches on os and architecture after normalisation', () => {
    expect(platformMatches(linux('amd64'), linux('x86_64'))).toBe(true);
    expect(platformMatches(linux('arm64'), linux('arm64', 'v8'))).toBe(true);
    expect(platformMatches(linux('amd64'), { os: 'windows', architecture: 'amd64' })).toBe(false);
    expect(platformMatches(linux('amd64'), linux('arm64'))).toBe(false);
  });

  it('accepts compatible older variants only', () => {
    expect(platformMatches(linux('arm', 'v7'), linux('arm', 'v6'))).toBe(true);
    expect(platformMatches(linux('arm', 'v6'), linux('arm', 'v7'))).toBe(false);
    expect(platformMatches(linux('amd64', 'v3'), linux('amd64'))).toBe(true);
  });

  it('compares Windows builds but not revisions', () => {
    const host = { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.5329' };
    expect(platformMatches(host, { ...host, 'os.version': '10.0.17763.1' })).toBe(true);
    expect(platformMatches(host, { ...host, 'os.version': '10.0.20348.1' })).toBe(false);
  });
});

describe('selectManifests', () => {
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaTypes.OciIndex,
    manifests: [
      entry('amd64', linux('amd64')),
      entry('arm-v5', linux('arm', 'v5')),
      entry('arm-v7', linux('arm', 'v7')),
      entry('arm-v6', linux('arm', 'v6')),
      entry('arm64', linux('arm64', 'v8')),
      entry('attestation', { os: 'unknown', architecture: 'unknown' }),
      entry('annotated', linux('arm', 'v7'), { 'vnd.docker.reference.type': 'attestation-manifest' }),
      entry('no-platform'),
      { ...entry('sbom', linux('arm', 'v7')), mediaType: 'application/vnd.in-toto+json' },
    ],
  };
  const names = (descriptors: Descriptor[]) =>
    descriptors
      .map((d) => index.manifests.indexOf(d))
      .map((i) => ['amd64', 'arm-v5', 'arm-v7', 'arm-v6', 'arm64', 'att', 'ann', 'no-platform', 'sbom'][i]);

  it('returns the exact variant first, then older compatible ones, then entries without a platform', () => {
    expect(names(selectManifests(index, 'linux/arm/v7'))).toEqual([
      'arm-v7',
      'arm-v6',
      'arm-v5',
      'no-platform',
    ]);
    expect(names(selectManifests(index, linux('arm', 'v6')))).toEqual(['arm-v6', 'arm-v5', 'no-platform']);
  });

  it('normalises the wanted platform', () => {
    expect(names(selectManifests(index, 'linux/aarch64'))).toEqual(['arm64', 'no-platform']);
    expect(names(selectManifests(index, linux('x86_64')))).toEqual(['amd64', 'no-platform']);
  });

  it('skips attestations and non-manifest entries and finds nothing for other platforms', () => {
    expect(names(selectManifests(index, 'linux/s390x'))).toEqual(['no-platform']);
  });
});
