import { MediaTypes } from '../media-types';
import type { Check } from '../validation/check';
import { runCheck } from '../validation/check';
import { annotations, mediaTypeString } from '../validation/common-checks';
import { literal, oneOf } from '../validation/primitives';
import { arrayOf, object, optional, required } from '../validation/structures';
import { descriptorCheck, type Descriptor } from './descriptor';

export const INDEX_MEDIA_TYPES = [MediaTypes.OciIndex, MediaTypes.DockerManifestList] as const;
export type IndexMediaType = (typeof INDEX_MEDIA_TYPES)[number];

/** OCI image index (image-index.md); Docker's manifest list has the same shape. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: IndexMediaType;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type DockerManifestList = ImageIndex & { mediaType: typeof MediaTypes.DockerManifestList };

export const indexCheck: Check<ImageIndex> = object<ImageIndex>({
  schemaVersion: required(literal(2)),
  mediaType: optional(oneOf(INDEX_MEDIA_TYPES, 'index media type')),
  artifactType: optional(mediaTypeString),
  manifests: required(arrayOf(descriptorCheck)),
  subject: optional(descriptorCheck),
  annotations: optional(annotations),
});

/** Validates an untrusted OCI image index or Docker manifest list. */
export function parseIndex(json: unknown): ImageIndex {
  return runCheck(indexCheck, json);
}
