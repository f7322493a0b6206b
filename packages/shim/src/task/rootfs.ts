import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import type { types } from '@berth/api';
import { InvalidRequestError } from '../errors';

const run = promisify(execFile);

/**
 * Mounts the rootfs mounts of a Create request at `target` (<bundle>/rootfs), in order, with
 * mount(8): Node has no mount(2), and overlay options are the same strings mount(8) takes.
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
      const options = mount.options.length > 0 ? ['-o', mount.options.join(',')] : [];
      await run('mount', ['-t', mount.type, ...options, mount.source || 'none', target]);
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
 * Unmounts the `count` mounts stacked at `target`, newest first: one umount(8) each (a lazy
 * detach if busy, so a process still holding the rootfs cannot block the delete).
 */
export async function unmountRootfs(target: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await unmountOnce(target);
}

async function unmountOnce(target: string): Promise<void> {
  try {
    await run('umount', [target]);
  } catch (error) {
    const message = String((error as { stderr?: string }).stderr ?? '');
    if (/not mounted|no mount point|not found/i.test(message)) return;
    await run('umount', ['-l', target]).catch(() => undefined);
  }
}
