import {
  baseMediaType,
  digestAlgorithm,
  digestOf,
  DigestMismatchError,
  MediaTypes,
  parseManifestDocument,
  type ManifestDocument,
} from '@berth/oci';
import { repositoryScope } from '../auth/scope';
import { ProtocolError } from '../errors';
import { readBody } from '../transport/http-transport';
import type { RegistryHost } from './registry-host';

/** Every manifest kind Berth reads; schema 1 is left out so registries convert or refuse. */
export const MANIFEST_ACCEPT = [
  MediaTypes.OciIndex,
  MediaTypes.OciManifest,
  MediaTypes.DockerManifestList,
  MediaTypes.DockerManifest,
].join(', ');

// containerd's limit: manifests are small; anything bigger is a broken or hostile registry.
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** A manifest or index as fetched: exact bytes (digests cover them) plus the parsed document. */
const KIND_MEDIA_TYPE: Readonly<Record<ManifestDocument['kind'], string>> = {
  'oci-manifest': MediaTypes.OciManifest,
  'oci-index': MediaTypes.OciIndex,
  'docker-manifest': MediaTypes.DockerManifest,
  'docker-manifest-list': MediaTypes.DockerManifestList,
};

export interface FetchedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly document: ManifestDocument;
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function verifiedDigest(bytes: Buffer, wanted: string | undefined, reported: string | undefined): string {
  const algorithm = wanted !== undefined ? digestAlgorithm(wanted) : 'sha256';
  const actual = digestOf(bytes, algorithm);
  if (wanted !== undefined && actual !== wanted) throw new DigestMismatchError(wanted, actual);
  // A tag's digest comes from the bytes; a registry header that disagrees means corruption on the way.
  if (
    wanted === undefined &&
    reported !== undefined &&
    reported.startsWith('sha256:') &&
    reported !== actual
  ) {
    throw new DigestMismatchError(reported, actual);
  }
  return actual;
}

/** GETs a manifest by tag or digest, checks its digest, detects its kind and validates it. */
export async function fetchManifest(
  host: RegistryHost,
  repository: string,
  reference: string,
): Promise<FetchedManifest> {
  const response = await host.request({
    method: 'GET',
    path: `/v2/${repository}/manifests/${reference}`,
    scopes: repositoryScope(repository, 'pull'),
    headers: { Accept: MANIFEST_ACCEPT },
    expect: [200],
    mirrorable: true,
  });
  let bytes: Buffer;
  try {
    bytes = await readBody(response.body, MAX_MANIFEST_BYTES);
  } catch (error) {
    throw new ProtocolError(`manifest ${repository}:${reference}: ${(error as Error).message}`);
  }
  const wanted = reference.includes(':') ? reference : undefined;
  const digest = verifiedDigest(bytes, wanted, headerOf(response.headers['docker-content-digest']));
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ProtocolError(`manifest ${repository}@${digest} is not JSON`);
  }
  const document = parseManifestDocument(headerOf(response.headers['content-type']), json);
  const mediaType = KIND_MEDIA_TYPE[document.kind];
  return { digest, mediaType, bytes, document };
}

export interface ManifestHead {
  readonly digest: string;
  readonly mediaType?: string;
  readonly size?: number;
}

/** HEADs a manifest: its digest without downloading it (the registry's Docker-Content-Digest). */
export async function headManifest(
  host: RegistryHost,
  repository: string,
  reference: string,
): Promise<ManifestHead | undefined> {
  const response = await host.request({
    method: 'HEAD',
    path: `/v2/${repository}/manifests/${reference}`,
    scopes: repositoryScope(repository, 'pull'),
    headers: { Accept: MANIFEST_ACCEPT },
    expect: [200, 404],
    mirrorable: true,
  });
  response.body.resume();
  if (response.status === 404) return undefined;
  const digest = headerOf(response.headers['docker-content-digest']);
  if (digest === undefined) return undefined;
  const length = Number(response.headers['content-length']);
  const contentType = headerOf(response.headers['content-type']);
  return {
    digest,
    ...(contentType === undefined ? {} : { mediaType: baseMediaType(contentType) }),
    ...(Number.isSafeInteger(length) ? { size: length } : {}),
  };
}

/** PUTs manifest bytes under a tag or their digest; returns the digest the registry stored them as. */
export async function putManifest(
  host: RegistryHost,
  repository: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
): Promise<string> {
  const response = await host.request({
    method: 'PUT',
    path: `/v2/${repository}/manifests/${reference}`,
    scopes: repositoryScope(repository, 'pull', 'push'),
    headers: { 'Content-Type': mediaType },
    body: bytes,
    expect: [201, 200, 202],
  });
  response.body.resume();
  const digest = digestOf(bytes);
  const reported = headerOf(response.headers['docker-content-digest']);
  if (reported !== undefined && reported !== digest) {
    throw new ProtocolError(`registry stored manifest as ${reported}, but its digest is ${digest}`);
  }
  return digest;
}

/** DELETEs a manifest by digest (registries refuse deletes by tag). */
export async function deleteManifest(host: RegistryHost, repository: string, digest: string): Promise<void> {
  const response = await host.request({
    method: 'DELETE',
    path: `/v2/${repository}/manifests/${digest}`,
    scopes: repositoryScope(repository, 'delete'),
    expect: [202, 200],
  });
  response.body.resume();
}
