import { createDigester, digestAlgorithm, DigestMismatchError, SizeMismatchError } from '@berth/oci';
import { ConnectionError } from '../errors';
import type { RegistryHost } from '../registry/registry-host';
import { requestBlob } from './blob-request';
import { writeBodyToFile, type BodyWrite } from './body-to-file';
import { isInterruption } from './interruption';

export interface BlobTarget {
  readonly digest: string;
  readonly size: number;
  /** Where a foreign layer is served besides the registry (tried first). */
  readonly urls?: readonly string[];
}

export interface DownloadOptions {
  /** Resumptions with Range after the connection breaks mid-blob. */
  readonly maxResumes: number;
  readonly onBytes?: (bytes: number) => void;
}

/**
 * Streams a blob into `fd` from the start, hashing and size-checking as it goes. When the
 * connection breaks it asks for the rest with `Range: bytes=<have>-` and carries on; a registry
 * that answers 200 instead of 206 is followed from byte 0 again. Throws DigestMismatchError or
 * SizeMismatchError when the content is wrong.
 */
export async function downloadSequential(
  host: RegistryHost,
  repository: string,
  blob: BlobTarget,
  fd: number,
  options: DownloadOptions,
): Promise<void> {
  let digester = createDigester(digestAlgorithm(blob.digest));
  let have = 0;
  for (let resumes = 0; ; resumes++) {
    let write: BodyWrite | undefined;
    let start = have;
    try {
      const response = await requestBlob(host, repository, blob, have > 0 ? { start: have } : undefined);
      if (response.status === 200 && have > 0) {
        options.onBytes?.(-have);
        digester = createDigester(digestAlgorithm(blob.digest));
        have = start = 0;
      }
      write = writeBodyToFile(response.body, {
        fd,
        position: start,
        limit: blob.size,
        limitError: (n) => new SizeMismatchError(blob.size, n),
        digester,
        ...(options.onBytes ? { onBytes: options.onBytes } : {}),
      });
      await write.done;
      have = start + write.written();
      // A body that ended early without an error (possible over HTTP/2) is resumed like a cut.
      if (have >= blob.size || resumes >= options.maxResumes) break;
    } catch (error) {
      // Resume exactly after the last byte that reached the file (done settles after the last write).
      if (write !== undefined) have = start + write.written();
      if (!isInterruption(error) || resumes >= options.maxResumes) {
        throw isInterruption(error)
          ? new ConnectionError(`blob ${blob.digest}`, error, 'DOWNLOAD_INTERRUPTED')
          : error;
      }
    }
  }
  if (have !== blob.size) throw new SizeMismatchError(blob.size, have);
  const actual = digester.digest();
  if (actual !== blob.digest) throw new DigestMismatchError(blob.digest, actual);
}
