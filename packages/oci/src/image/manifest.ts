import { MediaTypes } from '../media-types';
import type { Check } from '../validation/check';
import { runCheck } from '../validation/check';
import { annotations, mediaTypeString } from '../validation/common-checks';
import { literal, oneOf } from '../validation/primitives';
import { arrayOf, object, optional, required } from '../validation/structures';
import { descriptorCheck, type Descriptor } from './descriptor';

export const MANIFEST_MEDIA_TYPES = [MediaTypes.OciManifest, MediaTypes.DockerManifest] as const;
export type ManifestMediaType = (typeof MANIFEST_MEDIA_TYPES)[number];

/**
 * OCI image manifest (manifest.md). Docker's schema 2 manifest has the same shape with
 * mediaType `application/vnd.docker.distribution.manifest.v2+json` and no artifact fields.
 */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: ManifestMediaType;
  artifactType?: string;
  config: Descriptor;
  /** May be empty for artifacts (image-spec 1.1). */
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type DockerManifest = ImageManifest & { mediaType: typeof MediaTypes.DockerManifest };

export const manifestCheck: Check<ImageManifest> = object<ImageManifest>({
  schemaVersion: required(literal(2)),
  mediaType: optional(oneOf(MANIFEST_MEDIA_TYPES, 'manifest media type')),
  artifactType: optional(mediaTypeString),
  config: required(descriptorCheck),
  layers: required(arrayOf(descriptorCheck)),
  subject: optional(descriptorCheck),
  annotations: optional(annotations),
});

/** Validates an untrusted OCI or Docker schema 2 image manifest. */
export function parseManifest(json: unknown): ImageManifest {
  return runCheck(manifestCheck, json);
}
