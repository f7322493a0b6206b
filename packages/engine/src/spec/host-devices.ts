// The host's device nodes, which --privileged containers get, as docker gives them.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinuxDevice } from '@berth/oci';

// Mounted or managed separately in every container; never copied from the host.
const SKIPPED = new Set([
  '/dev/pts',
  '/dev/shm',
  '/dev/mqueue',
  '/dev/fd',
  '/dev/console',
  '/dev/ptmx',
  '/dev/.lxc',
  '/dev/.udev',
]);

/** Linux's dev_t split (glibc's major()/minor()), safe for JavaScript numbers. */
export function splitDev(rdev: number): { major: number; minor: number } {
  const high = Math.floor(rdev / 2 ** 32);
  const low = rdev % 2 ** 32;
  const major = ((low >>> 8) & 0xfff) | ((high & 0xfffff000) >>> 0);
  const minor = (low & 0xff) | ((low >>> 12) & 0xfff00);
  return { major: major >>> 0, minor: minor >>> 0 };
}

/** Every character and block device under `root` (symlinks not followed). */
export async function hostDevices(root = '/dev'): Promise<LinuxDevice[]> {
  const devices: LinuxDevice[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (SKIPPED.has(path.replace(root, '/dev'))) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
        const info = await stat(path).catch(() => undefined);
        if (!info) continue;
        devices.push({
          path: path.replace(root, '/dev'),
          type: entry.isCharacterDevice() ? 'c' : 'b',
          ...splitDev(info.rdev),
          fileMode: info.mode & 0o7777,
          uid: info.uid,
          gid: info.gid,
        });
      }
    }
  };
  await walk(root);
  return devices;
}
