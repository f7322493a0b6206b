import { detectManifestKind, type ManifestKind } from './manifest-kind';
import { parseIndex, type ImageIndex } from './image-index';
import { parseManifest, type ImageManifest } from './manifest';

/** A validated manifest or index together with what kind it is. */
export type ManifestDocument =
  | { kind: 'oci-manifest' | 'docker-manifest'; manifest: ImageManifest }
  | { kind: 'oci-index' | 'docker-manifest-list'; index: ImageIndex };

const IS_INDEX: Readonly<Record<ManifestKind, boolean>> = {
  'oci-manifest': false,
  'docker-manifest': false,
  'oci-index': true,
  'docker-manifest-list': true,
};

/** Detects the kind of a fetched manifest document, then validates it as that kind. */
export function parseManifestDocument(mediaType: string | undefined, json: unknown): ManifestDocument {
  const kind = detectManifestKind(mediaType, json);
  if (IS_INDEX[kind]) return { kind: kind as 'oci-index' | 'docker-manifest-list', index: parseIndex(json) };
  return { kind: kind as 'oci-manifest' | 'docker-manifest', manifest: parseManifest(json) };
}
