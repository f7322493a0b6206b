import { createHash } from 'node:crypto';

import { startLayerUnpack, type UnpackedLayer } from '../../src/unpack/unpack-layer';
import type { LayerCompression } from '../../src/unpack/decompress';

/** Feeds a whole layer blob to an unpack in small chunks, as a download would. */
export async function unpackBuffer(
  root: string,
  blob: Buffer,
  options: { compression?: LayerCompression; expectedDiffId?: string; maxBytes?: number } = {},
): Promise<UnpackedLayer> {
  const unpack = startLayerUnpack({ root, compression: options.compression ?? 'none', ...options });
  unpack.result.catch(() => undefined);
  for (let offset = 0; offset < blob.length; offset += 7919) {
    if (unpack.input.destroyed) break;
    if (!unpack.input.write(blob.subarray(offset, offset + 7919))) {
      await new Promise((resolve) => {
        unpack.input.once('drain', resolve);
        unpack.input.once('close', resolve);
      });
    }
  }
  if (!unpack.input.destroyed) unpack.input.end();
  return unpack.result;
}

export function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
