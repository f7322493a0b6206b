// Resolves a path inside a container's root filesystem the way the container would see it:
// symbolic links are followed relative to the container's root, never the host's, so a link
// like /data -> /etc cannot lead the engine to the host's /etc.
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidOptionError } from '../errors';

const MAX_LINKS = 40;

/** The host path of `path` (absolute, in the container) under `root`; the last component is not followed. */
export async function resolveInRoot(root: string, path: string): Promise<string> {
  if (!path.startsWith('/')) throw new InvalidOptionError('path', `"${path}" must be absolute`);
  const pending = path.split('/').filter(Boolean);
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(root, ...resolved, part);
    let isLink = false;
    try {
      isLink = pending.length > 0 && (await lstat(candidate)).isSymbolicLink();
    } catch {
      // Missing: the rest resolves as plain names.
    }
    if (!isLink) {
      resolved.push(part);
      continue;
    }
    if (++links > MAX_LINKS)
      throw new InvalidOptionError('path', `too many levels of symbolic links in "${path}"`);
    const target = await readlink(candidate);
    pending.unshift(...target.split('/').filter(Boolean));
    if (target.startsWith('/')) resolved.length = 0;
  }
  return join(root, ...resolved);
}
