import { join } from 'node:path';

import { layoutBlobPath } from '@berth/oci';

/** Where a blob lives inside the store's OCI layout directory. */
export function blobFilePath(layoutDir: string, digest: string): string {
  return join(layoutDir, layoutBlobPath(digest));
}
