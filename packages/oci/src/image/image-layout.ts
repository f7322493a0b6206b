import { parseDigest } from '../digest/digest';
import type { Check } from '../validation/check';
import { runCheck } from '../validation/check';
import { matching } from '../validation/primitives';
import { object, required } from '../validation/structures';

/** The version this package writes into `oci-layout`. */
export const IMAGE_LAYOUT_VERSION = '1.0.0';
/** File names at the root of an OCI image layout (image-layout.md). */
export const IMAGE_LAYOUT_FILE = 'oci-layout';
export const IMAGE_LAYOUT_INDEX_FILE = 'index.json';
export const IMAGE_LAYOUT_BLOBS_DIR = 'blobs';

export interface ImageLayout {
  imageLayoutVersion: string;
}

export const imageLayoutCheck: Check<ImageLayout> = object<ImageLayout>({
  // Any 1.x layout is readable: minor versions only add optional content.
  imageLayoutVersion: required(matching(/^1\.\d+\.\d+$/, 'a 1.x.y layout version')),
});

/** Validates the content of an `oci-layout` file. */
export function parseImageLayout(json: unknown): ImageLayout {
  return runCheck(imageLayoutCheck, json);
}

/** Path of a blob inside a layout, relative to its root: `blobs/sha256/<hex>`. */
export function layoutBlobPath(digest: string): string {
  const { algorithm, encoded } = parseDigest(digest);
  return `${IMAGE_LAYOUT_BLOBS_DIR}/${algorithm}/${encoded}`;
}
