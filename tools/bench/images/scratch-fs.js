// A fresh journaled ext4 file system on a loop device, for the bench's output trees. This
// machine's `/` is ext4 without a journal, where the kernel's inode allocator skips every inode
// deleted in the last minute or more (`recently_deleted()`): a tool creating files right after
// another tool's tree was deleted (or any parallel test's) pays for scanning past them, which
// made results depend on the order of tools. A journaled ext4, as most hosts have, has no such
// check. Needs root, mkfs.ext4 and a free loop device.
const { execFileSync } = require('node:child_process');
const { mkdtemp, rm } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const SIZE = '6G'; // sparse: only what the tools write takes space

/** Mounts a new ext4 (default mkfs options, so with a journal); returns its path and an unmount. */
async function mountScratchFs() {
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-fs-'));
  const image = join(dir, 'fs.img');
  const mountPoint = join(dir, 'mnt');
  const cleanup = async () => {
    try {
      execFileSync('umount', [mountPoint], { stdio: 'ignore' });
    } catch {
      // not mounted (a failure before the mount)
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    execFileSync('truncate', ['-s', SIZE, image]);
    execFileSync('mkfs.ext4', ['-q', '-F', image]);
    execFileSync('mkdir', [mountPoint]);
    // -o loop attaches a loop device that is detached again by the umount (autoclear).
    execFileSync('mount', ['-o', 'loop', image, mountPoint]);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { path: mountPoint, unmount: cleanup };
}

module.exports = { mountScratchFs };
