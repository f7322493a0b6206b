import { mkdirSync } from 'node:fs';
import type { types } from '@berth/api';
import { MNT, mountWithOptions, SysError, umount } from '@berth/sys';
import { InvalidRequestError } from '../errors';

/**
 * Mounts the rootfs mounts of a Create request at `target` (<bundle>/rootfs), in order, in
 * process with mount(8)'s semantics (@berth/sys): the options are the strings mount(8) takes.
 * On failure what was mounted is unmounted again.
 */
export async function mountRootfs(mounts: types.v1.Mount[], target: string): Promise<void> {
  mounts.forEach((mount, i) => {
    if (!mount.type) throw new InvalidRequestError(`rootfs[${i}].type`, 'must not be empty');
  });
  mkdirSync(target, { recursive: true });
  let done = 0;
  try {
    for (const mount of mounts) {
      await mountWithOptions(target, {
        type: mount.type,
        source: mount.source || 'none',
        options: mount.options,
      });
      done++;
    }
  } catch (error) {
    await unmountRootfs(target, done);
    throw new InvalidRequestError(
      'rootfs',
      `mounting at ${target} failed: ${(error as Error).message.trim()}`,
    );
  }
}

/**
 * Unmounts the `count` mounts stacked at `target`, newest first: one umount2 each (a lazy
 * detach if busy, so a process still holding the rootfs cannot block the delete).
 */
export async function unmountRootfs(target: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await unmountOnce(target);
}

async function unmountOnce(target: string): Promise<void> {
  try {
    await umount(target);
  } catch (error) {
    // EINVAL: nothing is mounted there (any more); ENOENT: the target is gone.
    if (error instanceof SysError && (error.errno === 'EINVAL' || error.errno === 'ENOENT')) return;
    await umount(target, MNT.DETACH).catch(() => undefined);
  }
}
