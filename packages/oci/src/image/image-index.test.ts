import { digestOf } from '../digest/digest';
import { MediaTypes } from '../media-types';
import { parseIndex } from './image-index';

const entry = (content: string, architecture: string) => ({
  mediaType: MediaTypes.OciManifest,
  digest: digestOf(content),
  size: content.length,
  platform: { architecture, os: 'linux' },
});

describe('parseIndex', () => {
  it('accepts an OCI index and a Docker manifest list', () => {
    const index = {
      schemaVersion: 2,
      mediaType: MediaTypes.OciIndex,
      manifests: [entry('a', 'amd64'), entry('b', 'arm64')],
    };
    expect(parseIndex(index)).toEqual(index);
    expect(parseIndex({ ...index, mediaType: MediaTypes.DockerManifestList }).manifests).toHaveLength(2);
  });

  it('accepts an empty index, as used by referrers responses', () => {
    expect(parseIndex({ schemaVersion: 2, manifests: [] }).manifests).toEqual([]);
  });

  it('names broken entries by position', () => {
    expect(() =>
      parseIndex({
        schemaVersion: 2,
        manifests: [entry('a', 'amd64'), { ...entry('b', 'arm64'), size: 'big' }],
      }),
    ).toThrow('manifests[1].size: must be an integer, got string "big"');
    expect(() => parseIndex({ schemaVersion: 2, mediaType: MediaTypes.OciManifest, manifests: [] })).toThrow(
      'mediaType: unknown index media type',
    );
  });
});
