import { UnsupportedMediaTypeError } from './errors';
import {
  baseMediaType,
  isDockerSchema1,
  isImageConfig,
  isIndex,
  isLayer,
  isManifest,
  isNonDistributableLayer,
  layerCompression,
  MediaTypes,
} from './media-types';

describe('media types', () => {
  it('classifies manifests and indexes of both formats', () => {
    expect(isManifest(MediaTypes.OciManifest)).toBe(true);
    expect(isManifest(MediaTypes.DockerManifest)).toBe(true);
    expect(isManifest(MediaTypes.OciIndex)).toBe(false);
    expect(isIndex(MediaTypes.OciIndex)).toBe(true);
    expect(isIndex(MediaTypes.DockerManifestList)).toBe(true);
    expect(isIndex(MediaTypes.DockerManifest)).toBe(false);
    expect(isImageConfig(MediaTypes.DockerConfig)).toBe(true);
    expect(isDockerSchema1(MediaTypes.DockerSchema1SignedManifest)).toBe(true);
  });

  it('ignores parameters and case, as Content-Type headers need', () => {
    expect(baseMediaType('Application/VND.OCI.Image.Manifest.v1+JSON; charset=utf-8')).toBe(
      MediaTypes.OciManifest,
    );
    expect(isManifest('application/vnd.oci.image.manifest.v1+json; charset=utf-8')).toBe(true);
  });

  it.each([
    [MediaTypes.OciLayer, 'none'],
    [MediaTypes.OciLayerGzip, 'gzip'],
    [MediaTypes.OciLayerZstd, 'zstd'],
    [MediaTypes.OciLayerNonDistributable, 'none'],
    [MediaTypes.OciLayerNonDistributableGzip, 'gzip'],
    [MediaTypes.OciLayerNonDistributableZstd, 'zstd'],
    [MediaTypes.DockerLayer, 'none'],
    [MediaTypes.DockerLayerGzip, 'gzip'],
    [MediaTypes.DockerLayerZstd, 'zstd'],
    [MediaTypes.DockerForeignLayerGzip, 'gzip'],
  ])('knows %s is compressed with %s', (mediaType, compression) => {
    expect(isLayer(mediaType)).toBe(true);
    expect(layerCompression(mediaType)).toBe(compression);
  });

  it('marks non-distributable and foreign layers', () => {
    expect(isNonDistributableLayer(MediaTypes.DockerForeignLayerGzip)).toBe(true);
    expect(isNonDistributableLayer(MediaTypes.OciLayerNonDistributableZstd)).toBe(true);
    expect(isNonDistributableLayer(MediaTypes.OciLayerGzip)).toBe(false);
  });

  it('refuses a compression question about a non-layer', () => {
    expect(isLayer(MediaTypes.OciConfig)).toBe(false);
    expect(() => layerCompression(MediaTypes.OciConfig)).toThrow(UnsupportedMediaTypeError);
    expect(() => layerCompression('text/plain')).toThrow('not a known layer media type: "text/plain"');
  });
});
