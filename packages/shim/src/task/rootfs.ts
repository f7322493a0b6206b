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
    for (; done > 0; done--) await unmountOnce(target);
    throw new InvalidRequestError(
      'rootfs',
      `mounting at ${target} failed: ${(error as Error).message.trim()}`,
    );
  }
}

/** Unmounts everything mounted at `target` (stacked mounts one by one). */
export async function unmountRootfs(target: string): Promise<void> {
  while (await unmountOnce(target));
}

async function unmountOnce(target: string): Promise<boolean> {
  try {
    await run('umount', [target]);
    return true;
  } catch (error) {
    const message = String((error as { stderr?: string }).stderr ?? '');
    if (/not mounted|no mount point|not found/i.test(message)) return false;
    // Busy (a process still holds it): detach it so it goes when the last user does.
    await run('umount', ['-l', target]).catch(() => undefined);
    return false;
  }
}
