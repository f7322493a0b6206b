import { createHash } from 'node:crypto';

export function sha256(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** OCI chain ID: the first layer's diffID, then sha256("<parent chain> <diffID>"). */
export function chainIdOf(parent: string | undefined, diffId: string): string {
  return parent === undefined ? diffId : sha256(`${parent} ${diffId}`);
}

export function chainIdOfLayers(diffIds: readonly string[]): string | undefined {
  return diffIds.reduce<string | undefined>((chain, diffId) => chainIdOf(chain, diffId), undefined);
}

/** A cache key from anything JSON-serialisable, stable across runs. */
export function cacheKey(parts: unknown): string {
  return sha256(JSON.stringify(parts));
}
