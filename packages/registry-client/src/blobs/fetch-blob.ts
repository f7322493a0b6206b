import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { verifyStream } from '@berth/oci';
import type { ProgressCallback } from '../client-options';
import type { RegistryHost } from '../registry/registry-host';
import { downloadRanged, supportsRanges } from './ranged-download';
import { downloadSequential, type BlobTarget } from './sequential-download';

export interface FetchBlobOptions {
  readonly mediaType?: string;
  readonly onProgress?: ProgressCallback;
  /** Blobs at least this big go as parallel ranges when the registry allows. */
  readonly rangedThreshold: number;
  readonly rangedParts: number;
  readonly maxResumes: number;
}

async function verifyFile(path: string, blob: BlobTarget): Promise<void> {
  const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), verifyStream(blob), discard);
}

/**
 * Downloads a blob to `destination`: into a temp file beside it, verified against digest and
 * size, then renamed into place. On any failure the temp file is removed, so `destination`
 * either holds the exact blob or does not exist.
 */
export async function fetchBlobToFile(
  host: RegistryHost,
  repository: string,
  blob: BlobTarget,
  destination: string,
  options: FetchBlobOptions,
): Promise<void> {
  const temp = `${destination}.${randomBytes(6).toString('hex')}.partial`;
  let done = 0;
  const report = (state: 'transferring' | 'done'): void =>
    options.onProgress?.({
      digest: blob.digest,
      done,
      total: blob.size,
      state,
      ...(options.mediaType ? { mediaType: options.mediaType } : {}),
    });
  const download = {
    maxResumes: options.maxResumes,
    onBytes: (n: number) => ((done += n), report('transferring')),
  };
  const ranged =
    options.rangedParts > 1 &&
    blob.size >= options.rangedThreshold &&
    (await supportsRanges(host, repository, blob));
  const file = await open(temp, 'wx', 0o644);
  try {
    try {
      if (ranged) await downloadRanged(host, repository, blob, file.fd, options.rangedParts, download);
      else await downloadSequential(host, repository, blob, file.fd, download);
      await file.sync();
    } finally {
      await file.close();
    }
    // Parallel ranges arrive out of order, so their hash is taken from the finished file.
    if (ranged) await verifyFile(temp, blob);
    await rename(temp, destination);
    report('done');
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
