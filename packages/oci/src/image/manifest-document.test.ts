import { digestOf } from '../digest/digest';
import { OciValidationError } from '../errors';
import { MediaTypes } from '../media-types';
import { parseManifestDocument } from './manifest-document';

const descriptor = (mediaType: string, content: string) => ({
  mediaType,
  digest: digestOf(content),
  size: content.length,
});

describe('parseManifestDocument', () => {
  it('returns a validated manifest or index tagged with its kind', () => {
    const manifest = { schemaVersion: 2, config: descriptor(MediaTypes.DockerConfig, 'c'), layers: [] };
    expect(parseManifestDocument(MediaTypes.DockerManifest, manifest)).toEqual({
      kind: 'docker-manifest',
      manifest,
    });
    const index = { schemaVersion: 2, manifests: [descriptor(MediaTypes.OciManifest, 'm')] };
    expect(parseManifestDocument(MediaTypes.OciIndex, index)).toEqual({ kind: 'oci-index', index });
  });

  it('validates the document as the detected kind', () => {
    expect(() => parseManifestDocument(MediaTypes.OciIndex, { schemaVersion: 2, manifests: [{}] })).toThrow(
      OciValidationError,
    );
  });
});
