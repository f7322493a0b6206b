import { encodedHex, parseDigest, parseReferrersIndex, type Descriptor } from '@berth/oci';
import { repositoryScope } from '../auth/scope';
import { NotFoundError, ProtocolError } from '../errors';
import { fetchManifest } from '../registry/manifests';
import type { RegistryHost } from '../registry/registry-host';
import { readBody } from '../transport/http-transport';

const MAX_REFERRERS_BYTES = 4 * 1024 * 1024;

/** The referrers tag schema: `sha256-<hex>`, where registries without the API keep an index of referrers. */
export function referrersTag(digest: string): string {
  return `${parseDigest(digest).algorithm}-${encodedHex(digest)}`;
}

/**
 * Artifacts whose `subject` is `digest`: from the referrers API, or, when the registry does not
 * have it (404), from the index under the referrers tag (distribution-spec's fallback).
 */
export async function listReferrers(
  host: RegistryHost,
  repository: string,
  digest: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  const query = artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`;
  const response = await host.request({
    method: 'GET',
    path: `/v2/${repository}/referrers/${digest}${query}`,
    scopes: repositoryScope(repository, 'pull'),
    headers: { Accept: 'application/vnd.oci.image.index.v1+json' },
    expect: [200, 404],
  });
  let manifests: Descriptor[];
  if (response.status === 200) {
    const body = await readBody(response.body, MAX_REFERRERS_BYTES);
    try {
      manifests = parseReferrersIndex(JSON.parse(body.toString('utf8'))).manifests;
    } catch (error) {
      throw new ProtocolError(`referrers of ${digest}: ${(error as Error).message}`);
    }
    // A registry that already filtered says so; otherwise filter here.
    if (response.headers['oci-filters-applied']?.includes('artifactType')) return manifests;
  } else {
    response.body.resume();
    manifests = await fallbackReferrers(host, repository, digest);
  }
  return artifactType === undefined ? manifests : manifests.filter((m) => m.artifactType === artifactType);
}

async function fallbackReferrers(
  host: RegistryHost,
  repository: string,
  digest: string,
): Promise<Descriptor[]> {
  try {
    const fetched = await fetchManifest(host, repository, referrersTag(digest));
    return 'index' in fetched.document ? fetched.document.index.manifests : [];
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}
