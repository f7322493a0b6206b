import { UnsupportedManifestError } from '../errors';
import { baseMediaType, isDockerSchema1, MediaTypes } from '../media-types';

export type ManifestKind = 'oci-manifest' | 'oci-index' | 'docker-manifest' | 'docker-manifest-list';

const KIND_BY_MEDIA_TYPE: ReadonlyMap<string, ManifestKind> = new Map<string, ManifestKind>([
  [MediaTypes.OciManifest, 'oci-manifest'],
  [MediaTypes.OciIndex, 'oci-index'],
  [MediaTypes.DockerManifest, 'docker-manifest'],
  [MediaTypes.DockerManifestList, 'docker-manifest-list'],
]);

// Content types that say nothing about the manifest kind; the body decides then.
const GENERIC_TYPES: ReadonlySet<string> = new Set([
  '',
  'application/json',
  'application/octet-stream',
  'text/plain',
]);

function schema1Error(): UnsupportedManifestError {
  return new UnsupportedManifestError(
    'Docker image manifest schema 1 is not supported (deprecated and removed from Docker); push the image again with a current client',
  );
}

function kindOfMediaType(mediaType: string, source: string): ManifestKind | undefined {
  const base = baseMediaType(mediaType);
  if (GENERIC_TYPES.has(base)) return undefined;
  if (isDockerSchema1(base)) throw schema1Error();
  const kind = KIND_BY_MEDIA_TYPE.get(base);
  if (kind === undefined)
    throw new UnsupportedManifestError(
      `unsupported manifest media type ${JSON.stringify(mediaType)} (${source})`,
    );
  return kind;
}

function kindOfShape(body: Record<string, unknown>): ManifestKind | undefined {
  if (Array.isArray(body.manifests)) return 'oci-index';
  if (typeof body.config === 'object' && body.config !== null && Array.isArray(body.layers))
    return 'oci-manifest';
  return undefined;
}

/**
 * Tells what a manifest document is from the Content-Type it came with (or a descriptor's
 * mediaType) and its body. The body's own `mediaType` is used when the given type is generic;
 * when both are specific they must agree. Documents without any media type are classified by
 * shape as OCI, as the image spec allows. Docker schema 1 is refused.
 */
export function detectManifestKind(mediaType: string | undefined, json: unknown): ManifestKind {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new UnsupportedManifestError('manifest document must be a JSON object');
  }
  const body = json as Record<string, unknown>;
  if (body.schemaVersion === 1) throw schema1Error();
  const declared =
    typeof body.mediaType === 'string' ? kindOfMediaType(body.mediaType, 'in the document') : undefined;
  const given = mediaType === undefined ? undefined : kindOfMediaType(mediaType, 'content type');
  if (given !== undefined && declared !== undefined && given !== declared) {
    throw new UnsupportedManifestError(
      `manifest content type ${JSON.stringify(mediaType)} does not match its mediaType ${JSON.stringify(body.mediaType)}`,
    );
  }
  const kind = given ?? declared ?? kindOfShape(body);
  if (kind === undefined) {
    throw new UnsupportedManifestError('document has no media type and is neither a manifest nor an index');
  }
  return kind;
}
