// Several mounts stacked on one target (a container's rootfs: a snapshot's mounts, in order),
// made and taken off as a whole, so that a failure part-way leaves no half-made stack behind.
import { SysError } from './errors';
import { isMountPoint, mountWithOptions, umount, type MountRequest } from './mount';
import { MNT } from './mount-flags';

/**
 * Mounts `requests` on `target` in order, each on top of the one before (mountWithOptions).
 * If one fails, the mounts made so far are taken off again, newest first, and its error is thrown.
 */
export async function mountAll(target: string, requests: readonly MountRequest[]): Promise<void> {
  let done = 0;
  try {
    for (const request of requests) {
      await mountWithOptions(target, request);
      done++;
    }
  } catch (error) {
    // The mount's own error is what the caller needs; a failed undo must not replace it.
    await unmountAll(target, done).catch(() => undefined);
    throw error;
  }
}

/**
 * Takes `count` stacked mounts off `target`, newest first, or without a count every mount rooted
 * there (one isMountPoint check per round). Each is a lazy detach (umount -l), so a process still
 * holding the mount cannot block a delete. Stops early, without an error, once nothing is mounted
 * at `target` any more (EINVAL) or it is gone (ENOENT): undoing twice is harmless.
 */
export async function unmountAll(target: string, count?: number): Promise<void> {
  if (count === undefined) {
    while (isMountPoint(target)) await umount(target, MNT.DETACH);
    return;
  }
  for (let i = 0; i < count; i++) {
    try {
      await umount(target, MNT.DETACH);
    } catch (error) {
      if (error instanceof SysError && (error.errno === 'EINVAL' || error.errno === 'ENOENT')) return;
      throw error;
    }
  }
}
