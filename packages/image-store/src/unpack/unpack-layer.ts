import type { Duplex, Writable } from 'node:stream';

import { createDigester } from '@berth/oci';

import { BerthError } from '@berth/kit';

import { DiffIdMismatchError, LayerFormatError } from '../errors';
import { createDecompressor, type LayerCompression } from './decompress';
import { LayerApplier } from './layer-applier';
import { FILE_WRITER_BATCH_BYTES } from './file-writer';
import { TarParser } from './tar-parser';

export interface UnpackLayerOptions {
  /** Empty directory that becomes the layer's snapshot content. */
  root: string;
  compression: LayerCompression;
  /** From the image config's rootfs.diff_ids; checked once the stream ends. */
  expectedDiffId?: string;
  maxBytes?: number;
}

export interface UnpackedLayer {
  diffId: string;
  /** Uncompressed tar size. */
  size: number;
  /** Directories the layer did not declare but needed; their metadata comes from lower layers. */
  implicitDirs: string[];
}

export interface LayerUnpack {
  /** Write the layer blob (compressed, as stored) here, then end it. */
  input: Writable;
  result: Promise<UnpackedLayer>;
}

/** Tar's end-of-archive marker: two zero blocks (GNU tar may add more). */
const END_OF_ARCHIVE_BYTES = 1024;

/**
 * Streams one layer blob into a snapshot directory as it arrives: decompress, hash the tar for
 * the diffID, parse and apply each entry. Any failure destroys `input` (so a download feeding it
 * stops) and rejects `result`; the caller removes the half-written directory.
 */
export function startLayerUnpack(options: UnpackLayerOptions): LayerUnpack {
  const decompressor: Duplex = createDecompressor(options.compression);
  const applier = new LayerApplier({ root: options.root, maxBytes: options.maxBytes });
  const digester = createDigester();
  const chunks = (decompressor as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  // The whole tar stream is hashed for the diffID as the parser reads it.
  const parser = new TarParser(
    {
      next: async () => {
        const next = await chunks.next();
        if (next.done !== true) digester.update(next.value);
        return next;
      },
    },
    { bufferBytes: FILE_WRITER_BATCH_BYTES },
  );

  const apply = (async () => {
    for (let entry = await parser.next(); entry !== undefined; entry = await parser.next()) {
      await applier.apply(entry.header, entry.body);
    }
    await applier.finish();
  })();
  // Also after a failure: no queued file may land after the caller removed the directory, so the
  // result settles only once the applier's writer thread has stopped.
  const closed = apply.then(
    () => applier.close(),
    () => applier.close(),
  );

  const result = apply
    .catch(fail_((error) => decompressor.destroy(error as Error)))
    .finally(() => closed)
    .then(() => {
      if (digester.size < parser.end + END_OF_ARCHIVE_BYTES) {
        throw new LayerFormatError('tar stream ends without its end-of-archive marker (truncated layer)');
      }
      const diffId = digester.digest();
      if (options.expectedDiffId !== undefined && diffId !== options.expectedDiffId) {
        throw new DiffIdMismatchError(options.expectedDiffId, diffId);
      }
      return { diffId, size: digester.size, implicitDirs: [...applier.resolver.implicitDirs].sort() };
    });
  return { input: decompressor, result };
}

/** Stops the decompressor (so the download feeding it stops too), then rethrows as a layer error unless it already is a Berth error. */
function fail_(fail: (error: unknown) => void) {
  return (error: unknown): never => {
    fail(error);
    if (error instanceof BerthError || (error as { code?: string }).code === 'DataLoss') throw error;
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw error;
    throw new LayerFormatError((error as Error).message, { cause: error });
  };
}
