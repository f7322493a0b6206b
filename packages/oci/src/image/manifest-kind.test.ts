import { UnsupportedManifestError } from '../errors';
import { MediaTypes } from '../media-types';
import { detectManifestKind } from './manifest-kind';

const manifestBody = { schemaVersion: 2, config: {}, layers: [] };
const indexBody = { schemaVersion: 2, manifests: [] };

describe('detectManifestKind', () => {
  it('uses the content type when it is specific', () => {
    expect(detectManifestKind(MediaTypes.OciManifest, manifestBody)).toBe('oci-manifest');
    expect(detectManifestKind(MediaTypes.OciIndex, indexBody)).toBe('oci-index');
    expect(detectManifestKind(MediaTypes.DockerManifest, manifestBody)).toBe('docker-manifest');
    expect(detectManifestKind(`${MediaTypes.DockerManifestList}; charset=utf-8`, indexBody)).toBe(
      'docker-manifest-list',
    );
  });

  it("falls back to the document's mediaType, then its shape", () => {
    expect(
      detectManifestKind('application/json', { ...manifestBody, mediaType: MediaTypes.DockerManifest }),
    ).toBe('docker-manifest');
    expect(detectManifestKind(undefined, { ...indexBody, mediaType: MediaTypes.DockerManifestList })).toBe(
      'docker-manifest-list',
    );
    expect(detectManifestKind(undefined, manifestBody)).toBe('oci-manifest');
    expect(detectManifestKind('', indexBody)).toBe('oci-index');
  });

  it.each([
    [MediaTypes.DockerSchema1Manifest, { schemaVersion: 1 }],
    [MediaTypes.DockerSchema1SignedManifest, { schemaVersion: 1, signatures: [] }],
    [undefined, { schemaVersion: 1, fsLayers: [] }],
    ['application/json', { mediaType: MediaTypes.DockerSchema1Manifest }],
  ])('refuses Docker schema 1 (%s)', (mediaType, body) => {
    expect(() => detectManifestKind(mediaType, body)).toThrow(UnsupportedManifestError);
    expect(() => detectManifestKind(mediaType, body)).toThrow(
      'Docker image manifest schema 1 is not supported',
    );
  });

  it('refuses unknown, conflicting and shapeless documents', () => {
    expect(() => detectManifestKind('application/vnd.example', manifestBody)).toThrow(
      'unsupported manifest media type "application/vnd.example" (content type)',
    );
    expect(() =>
      detectManifestKind(MediaTypes.OciIndex, { ...manifestBody, mediaType: MediaTypes.OciManifest }),
    ).toThrow('does not match its mediaType');
    expect(() => detectManifestKind(undefined, { schemaVersion: 2 })).toThrow(
      'neither a manifest nor an index',
    );
    expect(() => detectManifestKind(undefined, [])).toThrow('must be a JSON object');
  });
});
