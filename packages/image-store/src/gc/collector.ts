import type { ContentStore } from '../content/content-store';
import type { Snapshotter } from '../snapshots/snapshotter';
import type { ImageRecords } from '../images/image-records';
import { loadLocalImage, reachableBlobs } from '../images/local-image';
import type { LeaseManager } from './leases';

export interface GcResult {
  removedBlobs: string[];
  removedSnapshots: string[];
  /** Leases whose time was up, deleted before marking. */
  expiredLeases: string[];
  /** Bytes of the removed blobs. */
  reclaimedBytes: number;
}

/**
 * Mark and sweep over images, snapshots and leases. Roots: every image record (its blobs and
 * its layer chain), every active snapshot or view (containers' root filesystems) with the
 * chain below it, and everything an unexpired lease holds (in-flight work, clients). Everything else goes; snapshots
 * are removed top-down so no parent goes before its child.
 */
export async function collectGarbage(
  content: ContentStore,
  snapshots: Snapshotter,
  images: ImageRecords,
  leases: LeaseManager,
): Promise<GcResult> {
  // Expired leases go first: what only they held is collected in this same pass.
  const expiredLeases = await leases.expire();
  const held = leases.held();
  const liveBlobs = new Set(held.blobs);
  const liveSnapshots = new Set<string>();
  const keepChain = (key: string | undefined) => {
    for (let current = key; current !== undefined && !liveSnapshots.has(current);) {
      liveSnapshots.add(current);
      current = snapshots.has(current) ? snapshots.parentKey(current) : undefined;
    }
  };
  for (const record of images.all()) {
    for (const descriptor of await reachableBlobs(content, record.target)) liveBlobs.add(descriptor.digest);
    const image = await loadLocalImage(content, record.target).catch(() => undefined);
    if (image?.chainId !== undefined) keepChain(image.chainId);
  }
  const all = await snapshots.list();
  for (const info of all) if (info.kind !== 'committed' || held.snapshots.has(info.key)) keepChain(info.key);

  const result: GcResult = { removedBlobs: [], removedSnapshots: [], expiredLeases, reclaimedBytes: 0 };
  // Children before parents: repeat over what is left until nothing more can go.
  for (let progress = true; progress;) {
    progress = false;
    const remaining = await snapshots.list();
    const parents = new Set(remaining.map((info) => info.parent).filter((key) => key !== undefined));
    for (const info of remaining) {
      if (liveSnapshots.has(info.key) || parents.has(info.key)) continue;
      await snapshots.remove(info.key);
      result.removedSnapshots.push(info.key);
      progress = true;
    }
  }
  for (const digest of await content.list()) {
    if (liveBlobs.has(digest)) continue;
    const { size } = await content.info(digest);
    await content.delete(digest);
    result.removedBlobs.push(digest);
    result.reclaimedBytes += size;
  }
  return result;
}
