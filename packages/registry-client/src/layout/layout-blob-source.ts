import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { verifyStream, type Descriptor } from '@berth/oci';
import type { Readable } from 'node:stream';
import type { BlobSource } from '../blobs/blob-upload';
import { LayoutError } from '../errors';
import type { ImageLayoutDir } from './image-layout';

/**
 * A layout blob as an upload source. Whole reads pass through digest verification, so a
 * corrupted file in the layout fails the push instead of being sent.
 */
export async function layoutBlobSource(layout: ImageLayoutDir, descriptor: Descriptor): Promise<BlobSource> {
  const path = layout.blobPath(descriptor.digest);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new LayoutError(`blob ${descriptor.digest} missing from layout ${layout.dir}`, 'BLOB_MISSING');
  }
  if (size !== descriptor.size) {
    throw new LayoutError(
      `blob ${descriptor.digest} in ${layout.dir} has ${size} bytes, its descriptor says ${descriptor.size}`,
      'BLOB_CORRUPT',
    );
  }
  return {
    digest: descriptor.digest,
    size,
    file: path,
    open: async (start?: number, end?: number): Promise<Readable> => {
      const highWaterMark = 1024 * 1024;
      if (start !== undefined)
        return createReadStream(path, { start, ...(end === undefined ? {} : { end }), highWaterMark });
      const file = createReadStream(path, { highWaterMark });
      const verifier = verifyStream(descriptor);
      file.on('error', (error) => verifier.destroy(error));
      return file.pipe(verifier);
    },
  };
}
