// Resolves a path inside a root directory as if the root were `/` (like chroot): symlinks are
// followed, but absolute targets start again at the root and `..` never climbs above it, so a
// context or rootfs symlink can never make the builder read or write outside its tree.

import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from '../errors';

const MAX_LINK_HOPS = 255;

/**
 * Returns the host path for `path` (slash path, absolute or relative to the root) inside `root`.
 * With `followFinal` false the last component is not followed when it is a symlink.
 */
export async function resolveInRoot(root: string, path: string, followFinal = true): Promise<string> {
  const pending = path.split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() as string;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(root, ...resolved, part);
    const isLast = pending.length === 0;
    let linkTarget: string | undefined;
    try {
      if ((await lstat(candidate)).isSymbolicLink() && (followFinal || !isLast))
        linkTarget = await readlink(candidate);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (linkTarget === undefined) {
      resolved.push(part);
      continue;
    }
    if (++hops > MAX_LINK_HOPS)
      throw new BuilderError('CONTEXT_PATH_NOT_FOUND', `${path}: too many levels of symbolic links`);
    if (linkTarget.startsWith('/')) resolved.length = 0;
    pending.unshift(...linkTarget.split('/').filter((p) => p !== '' && p !== '.'));
  }
  return join(root, ...resolved);
}
