// ADD's auto-extraction of local tar archives (plain, gzip, bzip2, xz): detected by content, not
// by name, like docker; entries land under the destination inside the rootfs and may not climb
// out of it. Ownership from the archive is kept unless --chown overrides it.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BuilderError } from '../errors';
import { mkdirAllInRoot } from './root-writes';
import { unpackTar } from './unpack';
import type { Owner } from './users';

type Compression = 'none' | 'gzip' | 'bzip2' | 'xz';

async function sniff(file: string): Promise<Compression | undefined> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead >= 3 && head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
    if (bytesRead >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
      return 'xz';
    if (bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'none';
    return undefined;
  } finally {
    await handle.close();
  }
}

/** The decompressed stream; bzip2 and xz go through the system's tools. */
function decompressed(file: string, compression: Compression): Readable {
  if (compression === 'none') return createReadStream(file);
  if (compression === 'gzip') return createReadStream(file).pipe(createGunzip());
  const child = spawn(compression, ['-dc', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = new PassThrough();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.pipe(out, { end: false });
  child.on('error', (error) => out.destroy(error));
  child.on('close', (code) => {
    if (code === 0) out.end();
    else
      out.destroy(
        new BuilderError('DOCKERFILE_INVALID', `${compression} -dc failed (${code}): ${stderr.trim()}`),
      );
  });
  return out;
}

/**
 * Extracts `file` into `destDir` (absolute in the rootfs) when it is a tar archive.
 * Returns false (and writes nothing) when it is not one.
 */
export async function extractArchive(
  file: string,
  rootfs: string,
  destDir: string,
  owner?: Owner,
): Promise<boolean> {
  const compression = await sniff(file);
  if (compression === undefined) return false;
  await mkdirAllInRoot(rootfs, destDir, owner);
  await unpackTar(decompressed(file, compression), rootfs, destDir, { owner, whiteouts: false });
  return true;
}
