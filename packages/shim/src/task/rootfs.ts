import { mkdirSync } from 'node:fs';
import type { types } from '@berth/api';
import { mountAll, unmountAll } from '@berth/sys';
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
  try {
    await mountAll(target, mounts);
  } catch (error) {
    throw new InvalidRequestError(
      'rootfs',
      `mounting at ${target} failed: ${(error as Error).message.trim()}`,
    );
  }
}

/**
 * Unmounts the `count` mounts stacked at `target`, newest first, each a lazy detach so a process
 * still holding the rootfs cannot block the delete; nothing mounted there any more is no error.
 */
export function unmountRootfs(target: string, count: number): Promise<void> {
  return unmountAll(target, count);
}
