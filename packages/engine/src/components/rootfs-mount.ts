// Mounts a container's snapshot (the mounts berth-images hands back) at the bundle's rootfs,
// so the engine can read the image's /etc/passwd and copy image content into new volumes
// before the shim starts the container there. Uses mount(8)/umount(8).
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { types } from '@berth/api';
import { InternalError } from '@berth/kit';

const run = promisify(execFile);

async function isMountPoint(path: string): Promise<boolean> {
  try {
    await run('mountpoint', ['-q', path]);
    return true;
  } catch {
    return false;
  }
}

/** `fresh`: the target was just made, so it cannot be mounted already (one spawn less). */
export async function mountRootfs(
  mounts: types.v1.Mount[],
  target: string,
  options: { fresh?: boolean } = {},
): Promise<void> {
  await mkdir(target, { recursive: true, mode: 0o755 });
  if (!options.fresh && (await isMountPoint(target))) return; // still mounted from before an engine restart
  for (const mount of mounts) {
    const bind = mount.type === 'bind' || mount.options.includes('bind') || mount.options.includes('rbind');
    const args = bind
      ? ['--bind', ...(mount.options.includes('ro') ? ['-o', 'ro'] : []), mount.source, target]
      : [
          '-t',
          mount.type,
          ...(mount.options.length ? ['-o', mount.options.join(',')] : []),
          mount.source || 'none',
          target,
        ];
    try {
      await run('mount', args);
    } catch (err) {
      throw new InternalError(
        `mounting the container's root filesystem failed: ${(err as { stderr?: string }).stderr?.trim() ?? err}`,
        {
          reason: 'ROOTFS_MOUNT_FAILED',
          cause: err,
        },
      );
    }
  }
}

/**
 * Unmounts the rootfs (lazily, so a stray open file cannot block removal). `mounted`: the caller
 * knows it mounted `target` exactly once, so one umount does it without checking first.
 */
export async function unmountRootfs(target: string, options: { mounted?: boolean } = {}): Promise<void> {
  if (options.mounted) {
    await run('umount', ['-l', target]).catch((err: unknown) => {
      throw new InternalError(
        `unmounting ${target} failed: ${(err as { stderr?: string }).stderr?.trim() ?? err}`,
        { reason: 'ROOTFS_UNMOUNT_FAILED', cause: err },
      );
    });
    return;
  }
  while (await isMountPoint(target)) {
    try {
      await run('umount', ['-l', target]);
    } catch (err) {
      throw new InternalError(
        `unmounting ${target} failed: ${(err as { stderr?: string }).stderr?.trim() ?? err}`,
        {
          reason: 'ROOTFS_UNMOUNT_FAILED',
          cause: err,
        },
      );
    }
  }
}
