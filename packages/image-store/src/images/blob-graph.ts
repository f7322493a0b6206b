import { isIndex, isManifest, parseIndex, parseManifest, type Descriptor } from '@berth/oci';

/**
 * Every blob a descriptor reaches: itself, and for an index its present manifests, for a
 * manifest its config and layers. Index entries whose blobs are absent are skipped (a store may
 * keep one platform of a multi-platform index); anything else missing is the caller's problem.
 */
export async function reachableBlobsFrom(
  target: Descriptor,
  readJson: (digest: string) => Promise<unknown>,
  has: (digest: string) => Promise<boolean>,
): Promise<Descriptor[]> {
  const result: Descriptor[] = [target];
  if (isIndex(target.mediaType)) {
    if (!(await has(target.digest))) return result;
    const index = parseIndex(await readJson(target.digest));
    for (const child of index.manifests) {
      if (await has(child.digest)) result.push(...(await reachableBlobsFrom(child, readJson, has)));
    }
  } else if (isManifest(target.mediaType)) {
    if (!(await has(target.digest))) return result;
    const manifest = parseManifest(await readJson(target.digest));
    result.push(manifest.config, ...manifest.layers);
  }
  return result;
}
