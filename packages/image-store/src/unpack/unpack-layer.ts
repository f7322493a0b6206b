import type { Duplex, Writable } from 'node:stream';

import { createDigester } from '@berth/oci';
import type { Header } from 'tar-stream';

import { BerthError } from '@berth/kit';

import { DiffIdMismatchError, LayerFormatError } from '../errors';
import { writeWithBackpressure } from '../stream-write';
import { createDecompressor, type LayerCompression } from './decompress';
import { LayerApplier } from './layer-applier';
import { createTarReader } from './tar-reader';

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
const BLOCK = 512;

/**
 * Streams one layer blob into a snapshot directory as it arrives: decompress, hash the tar for
 * the diffID, parse and apply each entry. Any failure destroys `input` (so a download feeding it
 * stops) and rejects `result`; the caller removes the half-written directory.
 */
export function startLayerUnpack(options: UnpackLayerOptions): LayerUnpack {
  const decompressor: Duplex = createDecompressor(options.compression);
  const reader = createTarReader();
  const applier = new LayerApplier({ root: options.root, maxBytes: options.maxBytes });
  const digester = createDigester();
  let archiveEnd = 0;

  const fail = (error: unknown) => {
    decompressor.destroy(error as Error);
    reader.destroy(error as Error);
  };

  const feed = (async () => {
    for await (const chunk of decompressor) {
      digester.update(chunk as Buffer);
      await writeWithBackpressure(reader, chunk as Buffer, 'tar reader');
    }
    // streamx declares end(data) but, like Node, ends without writing when given nothing.
    (reader as unknown as { end(): void }).end();
  })();

  const apply = (async () => {
    for await (const entry of reader) {
      const header = entry.header as Header & { byteOffset?: number };
      archiveEnd = (header.byteOffset ?? 0) + Math.ceil((header.size ?? 0) / BLOCK) * BLOCK;
      await applier.apply(header, entry as AsyncIterable<Buffer>);
    }
    await applier.finish();
  })();
  // Also after a failure: no queued file may land after the caller removed the directory, so the
  // result settles only once the applier's writer thread has stopped.
  const closed = apply.then(
    () => applier.close(),
    () => applier.close(),
  );

  const result = Promise.all([feed.catch(fail_(fail)), apply.catch(fail_(fail))])
    .finally(() => closed)
    .then(() => {
      if (digester.size < archiveEnd + END_OF_ARCHIVE_BYTES) {
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

/** Stops the other half, then rethrows as a layer error unless it already is a Berth error. */
function fail_(fail: (error: unknown) => void) {
  return (error: unknown): never => {
    fail(error);
    if (error instanceof BerthError || (error as { code?: string }).code === 'DataLoss') throw error;
    if ((error as NodeJS.ErrnoException).syscall !== undefined) throw error;
    throw new LayerFormatError((error as Error).message, { cause: error });
  };
}
