import type { Descriptor, Platform } from '../image/descriptor';
import type { ImageIndex } from '../image/image-index';
import { isIndex, isManifest } from '../media-types';
import { normalizePlatform } from './normalize';
import { parsePlatform } from './platform-string';
import { variantDistance } from './variants';

/** Annotation BuildKit puts on attestation manifests inside an image index. */
export const DOCKER_REFERENCE_TYPE_ANNOTATION = 'vnd.docker.reference.type';

function osVersionPrefix(version: string | undefined): string | undefined {
  // Windows images run on hosts of the same build: compare major.minor.build, ignore the revision.
  return version?.split('.').slice(0, 3).join('.');
}

/**
 * How well a candidate platform suits the wanted one: 0 is exact, higher is a compatible
 * older variant, undefined means it cannot run.
 */
export function platformDistance(wanted: Platform, candidate: Platform): number | undefined {
  const want = normalizePlatform(wanted);
  const have = normalizePlatform(candidate);
  if (want.os !== have.os || want.architecture !== have.architecture) return undefined;
  if (want.os === 'windows' && want['os.version'] !== undefined && have['os.version'] !== undefined) {
    if (osVersionPrefix(want['os.version']) !== osVersionPrefix(have['os.version'])) return undefined;
  }
  return variantDistance(want.architecture, want.variant ?? '', have.variant ?? '');
}

/** Whether an image built for `candidate` runs on `wanted` (e.g. linux/arm/v7 runs linux/arm/v6 images). */
export function platformMatches(wanted: Platform, candidate: Platform): boolean {
  return platformDistance(wanted, candidate) !== undefined;
}

function isAttestation(descriptor: Descriptor): boolean {
  const platform = descriptor.platform;
  if (platform?.os === 'unknown' && platform.architecture === 'unknown') return true;
  return descriptor.annotations?.[DOCKER_REFERENCE_TYPE_ANNOTATION] !== undefined;
}

// Descriptors without a platform may still fit (their config tells); they come after every match.
const UNKNOWN_PLATFORM_DISTANCE = Number.MAX_SAFE_INTEGER;

/**
 * The manifests of an index that run on `wanted`, best first: exact variant, then compatible
 * older variants, then entries without a platform; index order breaks ties. Attestation
 * manifests and non-manifest entries are skipped.
 */
export function selectManifests(index: ImageIndex, wanted: Platform | string): Descriptor[] {
  const target = typeof wanted === 'string' ? parsePlatform(wanted) : wanted;
  const ranked: { descriptor: Descriptor; distance: number; position: number }[] = [];
  index.manifests.forEach((descriptor, position) => {
    if (!isManifest(descriptor.mediaType) && !isIndex(descriptor.mediaType)) return;
    if (isAttestation(descriptor)) return;
    const distance =
      descriptor.platform === undefined
        ? UNKNOWN_PLATFORM_DISTANCE
        : platformDistance(target, descriptor.platform);
    if (distance !== undefined) ranked.push({ descriptor, distance, position });
  });
  ranked.sort((a, b) => a.distance - b.distance || a.position - b.position);
  return ranked.map((entry) => entry.descriptor);
}
