// Reading a container's files: `berth export` (the whole root filesystem) and `berth cp
// ctr:path -` (one path), as tar streams made by tar(1) from the mounted rootfs. Paths under a
// volume or bind mount are read from the mount's host directory.
import { spawn } from 'node:child_process';
import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, join, posix, relative } from 'node:path';
import { InternalError, NotFoundError } from '@berth/kit';
import type { ContainerRecord } from '../state/container-record';
import { resolveInRoot } from './root-path';

export interface PathInfo {
  name: string;
  size: number;
  /** Go's os.FileMode bits, which docker's API uses. */
  mode: number;
  mtime: Date;
  linkTarget: string;
}

const GO_MODE_DIR = 0x80000000;
const GO_MODE_SYMLINK = 0x08000000;

// Bind-mounted from the container's directory (next to its bundle) over the image's files.
const ETC_FILES = new Map([
  ['/etc/hosts', 'hosts'],
  ['/etc/hostname', 'hostname'],
  ['/etc/resolv.conf', 'resolv.conf'],
]);

/**
 * The host path of a container path, honouring volume and bind mounts (longest destination
 * wins) and the engine's /etc files, as the container sees them.
 */
export async function hostPathOf(record: ContainerRecord, rootfs: string, path: string): Promise<string> {
  const etcFile = ETC_FILES.get(posix.normalize(path).replace(/\/+$/, ''));
  if (etcFile) {
    const own = join(dirname(record.bundle), etcFile);
    if (
      await lstat(own).then(
        (stat) => stat.isFile(),
        () => false,
      )
    )
      return own;
  }
  const mount = record.mounts
    .filter((m) => m.kind !== 'tmpfs' && (path === m.destination || path.startsWith(`${m.destination}/`)))
    .sort((a, b) => b.destination.length - a.destination.length)[0];
  if (mount) return resolveInRoot(mount.source, `/${relative(mount.destination, path)}`);
  return resolveInRoot(rootfs, path);
}

export async function statPath(hostPath: string, containerPath: string): Promise<PathInfo> {
  let stat;
  try {
    stat = await lstat(hostPath);
  } catch {
    throw new NotFoundError(`could not find the file ${containerPath} in container`, {
      reason: 'PATH_NOT_FOUND',
    });
  }
  const type = stat.isDirectory() ? GO_MODE_DIR : stat.isSymbolicLink() ? GO_MODE_SYMLINK : 0;
  return {
    name: basename(containerPath) || '/',
    size: stat.size,
    // >>> 0: JavaScript's | yields a signed 32-bit number, and ModeDir is the sign bit; the uint32
    // field refuses a negative one ("Error serializing response" for every directory).
    mode: ((stat.mode & 0o7777) | type) >>> 0,
    mtime: stat.mtime,
    linkTarget: stat.isSymbolicLink() ? await readlink(hostPath) : '',
  };
}

/** Streams `tar -c` of `entry` (relative to `dir`) to `write`, resolving once tar has finished. */
export function streamTar(dir: string, entry: string, write: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', dir, '--numeric-owner', '--xattrs', '-c', '--', entry], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    tar.stdout.on('data', write);
    tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    tar.on('error', reject);
    tar.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new InternalError(`tar failed: ${stderr.trim() || `exit ${code}`}`, { reason: 'TAR_FAILED' }),
          ),
    );
  });
}

/** Splits a host path into tar's -C directory and entry. */
export function tarEntry(hostPath: string): { dir: string; entry: string } {
  return { dir: dirname(hostPath), entry: basename(hostPath) };
}
