// Public API of @berth/oci: OCI runtime-spec and image-spec types, validating parsers,
// digests, media types, platforms, image references and distribution types.

export * from './errors';
export type { ValidationIssue } from './validation/issues';

export {
  DIGEST_ALGORITHMS,
  digestAlgorithm,
  digestOf,
  encodedHex,
  isDigest,
  parseDigest,
  type DigestAlgorithm,
  type ParsedDigest,
} from './digest/digest';
export { createDigester, type Digester } from './digest/digester';
export { DigestVerifyingStream, verifyStream, type ExpectedContent } from './digest/verify-stream';

export * from './media-types';

export { parseDescriptor, type Descriptor, type Platform } from './image/descriptor';
export {
  MANIFEST_MEDIA_TYPES,
  parseManifest,
  type DockerManifest,
  type ImageManifest,
  type ManifestMediaType,
} from './image/manifest';
export {
  INDEX_MEDIA_TYPES,
  parseIndex,
  type DockerManifestList,
  type ImageIndex,
  type IndexMediaType,
} from './image/image-index';
export {
  parseImageConfig,
  type ContainerConfig,
  type HealthConfig,
  type HistoryEntry,
  type ImageConfig,
  type RootFs,
} from './image/image-config';
export {
  IMAGE_LAYOUT_BLOBS_DIR,
  IMAGE_LAYOUT_FILE,
  IMAGE_LAYOUT_INDEX_FILE,
  IMAGE_LAYOUT_VERSION,
  layoutBlobPath,
  parseImageLayout,
  type ImageLayout,
} from './image/image-layout';
export { detectManifestKind, type ManifestKind } from './image/manifest-kind';
export { parseManifestDocument, type ManifestDocument } from './image/manifest-document';

export * from './runtime/constants';
export type * from './runtime/spec-types';
export type * from './runtime/linux-types';
export { parseSpec } from './runtime/parse-spec';
export { parseState, type ContainerStatus, type State } from './runtime/state';
export { parseFeatures, type EnabledFeature, type Features, type LinuxFeatures } from './runtime/features';
export { OCI_RUNTIME_SPEC_VERSION, OCI_RUNTIME_SPEC_VERSION_MIN } from './runtime/version';

export { normalizeArch, normalizeOs, normalizePlatform, type ArchVariant } from './platform/normalize';
export { formatPlatform, parsePlatform } from './platform/platform-string';
export { hostPlatform, platformFromNode } from './platform/host-platform';
export {
  DOCKER_REFERENCE_TYPE_ANNOTATION,
  platformDistance,
  platformMatches,
  selectManifests,
} from './platform/match';

export {
  familiarString,
  formatReference,
  parseReference,
  withDefaultTag,
  type Reference,
} from './reference/reference';
export { DEFAULT_DOMAIN, DEFAULT_TAG } from './reference/grammar';

export * from './distribution/distribution';
