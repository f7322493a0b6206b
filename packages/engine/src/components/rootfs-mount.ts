// Mounts a container's snapshot (the mounts berth-images hands back) at the bundle's rootfs,
// so the engine can read the image's /etc/passwd and copy image content into new volumes
// before the shim starts the container there. Mounts in process (@berth/sys) with mount(8)'s
// semantics: a spawned mount(8) or umount(8) costs a fork of berthd and milliseconds each.
import { mkdir } from 'node:fs/promises';
import type { types } from '@berth/api';
import { InternalError } from '@berth/kit';
import { isMountPoint, mountAll, unmountAll } from '@berth/sys';

/** `fresh`: the target was just made, so it cannot be mounted already (one check less). */
export async function mountRootfs(
  mounts: types.v1.Mount[],
  target: string,
  options: { fresh?: boolean } = {},
): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o755 });
  if (!options.fresh && isMountPoint(target)) return; // still mounted from before an engine restart
  try {
    await mountAll(target, mounts);
  } catch (err) {
    throw new InternalError(`mounting the container's root filesystem failed: ${(err as Error).message}`, {
      reason: 'ROOTFS_MOUNT_FAILED',
      cause: err,
    });
  }
}

/**
 * Unmounts the rootfs (lazily, so a stray open file cannot block removal). `mounted`: the caller
 * knows it mounted `target` exactly once, so one umount does it without checking first.
 */
export async function unmountRootfs(target: string, options: { mounted?: boolean } = {}): Promise<void> {
  try {
    await unmountAll(target, options.mounted ? 1 : undefined);
  } catch (err) {
    throw new InternalError((err as Error).message, {
      reason: 'ROOTFS_UNMOUNT_FAILED',
      cause: err,
    });
  }
}
