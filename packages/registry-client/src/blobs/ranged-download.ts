import { SizeMismatchError } from '@berth/oci';
import { ProtocolError } from '../errors';
import type { RegistryHost } from '../registry/registry-host';
import { requestBlob, type BlobLocation } from './blob-request';
import { writeBodyToFile, type BodyWrite } from './body-to-file';
import { settleAll } from '../concurrency';
import { isInterruption } from './interruption';
import type { BlobTarget, DownloadOptions } from './sequential-download';

/** Whether the registry (or the blob store it redirects to) serves byte ranges of this blob. */
export async function supportsRanges(
  host: RegistryHost,
  repository: string,
  blob: BlobLocation,
): Promise<boolean> {
  const probe = await requestBlob(host, repository, blob, { start: 0, end: 0 });
  probe.body.destroy();
  return probe.status === 206;
}

async function downloadPart(
  host: RegistryHost,
  repository: string,
  blob: BlobTarget,
  fd: number,
  start: number,
  end: number,
  options: DownloadOptions,
): Promise<void> {
  let position = start;
  for (let resumes = 0; position <= end; resumes++) {
    let write: BodyWrite | undefined;
    const from = position;
    try {
      const response = await requestBlob(host, repository, blob, { start: position, end });
      if (response.status !== 206) {
        response.body.destroy();
        throw new ProtocolError(`blob ${blob.digest}: registry stopped serving byte ranges`);
      }
      write = writeBodyToFile(response.body, {
        fd,
        position: from,
        limit: end + 1,
        limitError: (n) => new SizeMismatchError(blob.size, n),
        ...(options.onBytes ? { onBytes: options.onBytes } : {}),
      });
      await write.done;
      position = from + write.written();
      // A body that ended early without an error (possible over HTTP/2) is an interruption too.
      if (position <= end && resumes >= options.maxResumes) throw new SizeMismatchError(blob.size, position);
    } catch (error) {
      if (write !== undefined) position = from + write.written();
      if (!isInterruption(error) || resumes >= options.maxResumes) throw error;
    }
  }
}

/**
 * Downloads a blob as `parts` byte ranges in parallel, each written at its offset and resumed on
 * its own after interruptions. The content is NOT verified here: the caller hashes the file.
 */
export async function downloadRanged(
  host: RegistryHost,
  repository: string,
  blob: BlobTarget,
  fd: number,
  parts: number,
  options: DownloadOptions,
): Promise<void> {
  const partSize = Math.ceil(blob.size / parts);
  const ranges: [number, number][] = [];
  for (let start = 0; start < blob.size; start += partSize)
    ranges.push([start, Math.min(start + partSize, blob.size) - 1]);
  // Settle every part before reporting a failure: the caller closes fd, which no part may still be writing to.
  await settleAll(
    ranges.map(([start, end]) => downloadPart(host, repository, blob, fd, start, end, options)),
  );
}
