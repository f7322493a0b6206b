import { digestOf } from '../digest/digest';
import { OciValidationError } from '../errors';
import { MediaTypes } from '../media-types';
import { parseManifest } from './manifest';

function layer(content: string, mediaType: string = MediaTypes.OciLayerGzip): Record<string, unknown> {
  return { mediaType, digest: digestOf(content), size: content.length };
}

function manifest(): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: MediaTypes.OciManifest,
    config: layer('config', MediaTypes.OciConfig),
    layers: [layer('a'), layer('b'), layer('c'), layer('d')],
    annotations: { 'org.opencontainers.image.created': '2026-11-23T00:00:00Z' },
  };
}

describe('parseManifest', () => {
  it('accepts OCI and Docker schema 2 manifests', () => {
    expect(parseManifest(manifest())).toEqual(manifest());
    const docker = {
      ...manifest(),
      mediaType: MediaTypes.DockerManifest,
      config: layer('config', MediaTypes.DockerConfig),
      layers: [layer('a', MediaTypes.DockerLayerGzip)],
    };
    expect(parseManifest(docker).mediaType).toBe(MediaTypes.DockerManifest);
  });

  it('accepts an artifact manifest with a subject and no layers', () => {
    const artifact = {
      schemaVersion: 2,
      artifactType: 'application/vnd.example.sbom',
      config: layer('{}', MediaTypes.OciEmpty),
      layers: [],
      subject: layer('image', MediaTypes.OciManifest),
    };
    expect(parseManifest(artifact)).toEqual(artifact);
  });

  it('names the broken layer digest and the schema version', () => {
    const broken = manifest();
    (broken.layers as Record<string, unknown>[])[3]!.digest = 'sha256:xyz';
    broken.schemaVersion = 1;
    expect(() => parseManifest(broken)).toThrow(OciValidationError);
    expect(() => parseManifest(broken)).toThrow(
      'schemaVersion: must be 2; layers[3].digest: invalid digest "sha256:xyz": sha256 value must be hexadecimal',
    );
  });

  it('refuses an index media type and missing members', () => {
    expect(() => parseManifest({ ...manifest(), mediaType: MediaTypes.OciIndex })).toThrow(
      `mediaType: unknown manifest media type "${MediaTypes.OciIndex}"`,
    );
    expect(() => parseManifest({ schemaVersion: 2 })).toThrow('config: missing; layers: missing');
    expect(() => parseManifest('{}')).toThrow('(document): must be an object, got string "{}"');
  });
});
