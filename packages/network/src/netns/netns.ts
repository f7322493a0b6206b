import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InternalError } from '@berth/kit';
import { umount } from '@berth/sys';
import { InvalidArgumentError, NetnsNotFoundError } from '../errors';
import { run } from '../util/run';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Named network namespaces kept alive by a bind mount under `<runDir>/netns/<name>` (as
 * `ip netns add` does under /run/netns), so they outlive any process and the daemon itself.
 */
export class NetnsStore {
  constructor(readonly dir: string) {}

  pathOf(name: string): string {
    if (!NAME.test(name))
      throw new InvalidArgumentError(`netns name ${JSON.stringify(name)} is not a valid name`);
    return path.join(this.dir, name);
  }

  /** Creates the namespace with loopback up; returns its path. Idempotent for an existing one. */
  async create(name: string): Promise<string> {
    const file = this.pathOf(name);
    if (await isNetns(file)) return file;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o755 });
    await fs.writeFile(file, '', { flag: 'a', mode: 0o644 });
    try {
      // unshare binds the new namespace onto the file itself and runs ip inside it.
      await run('unshare', [`--net=${file}`, '--', 'ip', 'link', 'set', 'lo', 'up']);
    } catch (error) {
      await unmountAndRemove(file);
      throw error;
    }
    return file;
  }

  async remove(name: string): Promise<void> {
    await unmountAndRemove(this.pathOf(name));
  }
}

/** Whether `file` is a network namespace handle (a nsfs bind mount or /proc/<pid>/ns/net). */
export async function isNetns(file: string): Promise<boolean> {
  try {
    const [target, self] = await Promise.all([fs.stat(file), fs.stat('/proc/self/ns/net')]);
    // Every nsfs inode lives on the nsfs device; a plain file left by a crash does not.
    return target.dev === self.dev;
  } catch {
    return false;
  }
}

export async function requireNetns(file: string, field: string): Promise<void> {
  if (!path.isAbsolute(file))
    throw new InvalidArgumentError(`${field}: ${JSON.stringify(file)} is not an absolute path`);
  if (!(await isNetns(file))) throw new NetnsNotFoundError(`${field}: ${file} is not a network namespace`);
}

async function unmountAndRemove(file: string): Promise<void> {
  // In process (umount2): no umount(8) spawn per removed namespace.
  if (await isNetns(file))
    await umount(file).catch((error: unknown) => {
      throw new InternalError((error as Error).message, { reason: 'NETNS_UNMOUNT_FAILED', cause: error });
    });
  await fs.rm(file, { force: true });
}
