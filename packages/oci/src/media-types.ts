import { UnsupportedMediaTypeError } from './errors';

/** Media types of the OCI image spec and the Docker image formats Berth reads. */
export const MediaTypes = {
  OciDescriptor: 'application/vnd.oci.descriptor.v1+json',
  OciLayoutHeader: 'application/vnd.oci.layout.header.v1+json',
  OciManifest: 'application/vnd.oci.image.manifest.v1+json',
  OciIndex: 'application/vnd.oci.image.index.v1+json',
  OciConfig: 'application/vnd.oci.image.config.v1+json',
  OciEmpty: 'application/vnd.oci.empty.v1+json',
  OciLayer: 'application/vnd.oci.image.layer.v1.tar',
  OciLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  OciLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  OciLayerNonDistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  OciLayerNonDistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  OciLayerNonDistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',

  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  DockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  DockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  DockerPluginConfig: 'application/vnd.docker.plugin.v1+json',
  DockerSchema1Manifest: 'application/vnd.docker.distribution.manifest.v1+json',
  DockerSchema1SignedManifest: 'application/vnd.docker.distribution.manifest.v1+prettyjws',

  InTotoAttestation: 'application/vnd.in-toto+json',
} as const;

export type MediaType = (typeof MediaTypes)[keyof typeof MediaTypes];
export type LayerCompression = 'gzip' | 'zstd' | 'none';

const LAYER_COMPRESSION: ReadonlyMap<string, LayerCompression> = new Map<string, LayerCompression>([
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
]);

const NON_DISTRIBUTABLE: ReadonlySet<string> = new Set([
  MediaTypes.OciLayerNonDistributable,
  MediaTypes.OciLayerNonDistributableGzip,
  MediaTypes.OciLayerNonDistributableZstd,
  MediaTypes.DockerForeignLayerGzip,
]);

/**
 * The media type without parameters, lowercased: media types are case-insensitive and a
 * Content-Type header may carry `; charset=utf-8`.
 */
export function baseMediaType(mediaType: string): string {
  const semicolon = mediaType.indexOf(';');
  return (semicolon < 0 ? mediaType : mediaType.slice(0, semicolon)).trim().toLowerCase();
}

export function isManifest(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return base === MediaTypes.OciManifest || base === MediaTypes.DockerManifest;
}

export function isIndex(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return base === MediaTypes.OciIndex || base === MediaTypes.DockerManifestList;
}

export function isDockerSchema1(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return base === MediaTypes.DockerSchema1Manifest || base === MediaTypes.DockerSchema1SignedManifest;
}

export function isLayer(mediaType: string): boolean {
  return LAYER_COMPRESSION.has(baseMediaType(mediaType));
}

/** Layers a registry may refuse to serve: OCI non-distributable and Docker foreign layers (fetched from `urls`). */
export function isNonDistributableLayer(mediaType: string): boolean {
  return NON_DISTRIBUTABLE.has(baseMediaType(mediaType));
}

export function isImageConfig(mediaType: string): boolean {
  const base = baseMediaType(mediaType);
  return base === MediaTypes.OciConfig || base === MediaTypes.DockerConfig;
}

/** How a layer blob is compressed; throws UnsupportedMediaTypeError for anything that is not a known layer type. */
export function layerCompression(mediaType: string): LayerCompression {
  const compression = LAYER_COMPRESSION.get(baseMediaType(mediaType));
  if (compression === undefined) {
    throw new UnsupportedMediaTypeError(`not a known layer media type: ${JSON.stringify(mediaType)}`);
  }
  return compression;
}
