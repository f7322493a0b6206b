import type { BlobLocation, RegistryClient } from '@berth/registry-client';
import type { Reference } from '@berth/oci';

import type { OpenBlobSource } from '../content/content-store';

/**
 * A blob of a repository as a stream starting at `offset`, through registry-client's `openBlob`
 * (auth, TLS, mirrors, retries, a foreign layer's `urls`): what resuming an ingest and unpacking
 * while downloading need. The ingest hashes the whole blob, so the stream needs no check here.
 */
export function registryBlobSource(
  client: RegistryClient,
  reference: Reference,
  blob: BlobLocation,
): OpenBlobSource {
  return (offset, signal) => client.openBlob(reference, blob, { offset, signal });
}
