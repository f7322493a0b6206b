import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DiskUsage {
  /** Bytes allocated on disk (st_blocks * 512), each inode counted once. */
  size: number;
  inodes: number;
}

/** Walks a tree without following symlinks or crossing into mounts below it. */
export async function diskUsage(root: string): Promise<DiskUsage> {
  const seen = new Set<string>();
  const rootStats = await lstat(root);
  let size = 0;
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    if (stats.dev !== rootStats.dev) return;
    const inode = `${stats.ino}`;
    if (!seen.has(inode)) {
      seen.add(inode);
      size += stats.blocks * 512;
    }
    if (stats.isDirectory()) {
      for (const name of await readdir(path)) await visit(join(path, name));
    }
  };
  await visit(root);
  return { size, inodes: seen.size };
}
