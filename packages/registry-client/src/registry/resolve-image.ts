import {
  formatPlatform,
  hostPlatform,
  parsePlatform,
  selectManifests,
  type ImageManifest,
  type Platform,
} from '@berth/oci';
import { PlatformNotFoundError, ProtocolError } from '../errors';
import { fetchManifest, type FetchedManifest } from './manifests';
import type { RegistryHost } from './registry-host';

/** An image manifest picked for a platform, with the index it came from (if any). */
export interface ResolvedImage {
  /** What the reference names: an index, or the manifest itself. */
  readonly root: FetchedManifest;
  /** The image manifest for the platform. */
  readonly manifest: FetchedManifest;
  readonly image: ImageManifest;
}

// Indexes may nest (an index entry pointing to another index); real images stop at two levels.
const MAX_INDEX_DEPTH = 3;

export function wantedPlatform(platform: string | Platform | undefined): Platform {
  if (platform === undefined) return hostPlatform();
  return typeof platform === 'string' ? parsePlatform(platform) : platform;
}

/** Fetches what `reference` (tag or digest) names and, for an index, the manifest for `platform` (default: this host). */
export async function resolveImage(
  host: RegistryHost,
  repository: string,
  reference: string,
  platform?: string | Platform,
): Promise<ResolvedImage> {
  const root = await fetchManifest(host, repository, reference);
  let current = root;
  for (let depth = 0; depth <= MAX_INDEX_DEPTH; depth++) {
    const document = current.document;
    if (!('index' in document)) return { root, manifest: current, image: document.manifest };
    const wanted = wantedPlatform(platform);
    const [best] = selectManifests(document.index, wanted);
    if (best === undefined) {
      const available = document.index.manifests
        .filter((descriptor) => descriptor.platform !== undefined)
        .map((descriptor) => formatPlatform(descriptor.platform as Platform));
      throw new PlatformNotFoundError(formatPlatform(wanted), [...new Set(available)]);
    }
    current = await fetchManifest(host, repository, best.digest);
  }
  throw new ProtocolError(
    `${repository}:${reference}: image indexes nested more than ${MAX_INDEX_DEPTH} deep`,
  );
}
