import type { Readable } from 'node:stream';

import type { RegistryClient } from '@berth/registry-client';
import type { Reference } from '@berth/oci';

import type { OpenBlobSource } from '../content/content-store';

/**
 * A blob of a repository as a stream starting at `offset`: what resuming an ingest and
 * unpacking while downloading need. registry-client's public blob download writes whole
 * files, so this asks the client's per-host connection (auth, TLS, mirrors, retries) for the
 * GET with a Range header itself. A registry that ignores the Range (200) is read from the
 * start and the already-stored prefix skipped.
 */
export function registryBlobSource(
  client: RegistryClient,
  reference: Reference,
  digest: string,
): OpenBlobSource {
  return async (offset, signal) => {
    const host = await client.host(reference.domain);
    const response = await host.request({
      method: 'GET',
      path: `/v2/${reference.path}/blobs/${digest}`,
      scopes: new Map([[`repository:${reference.path}`, new Set(['pull'])]]),
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
      expect: [200, 206],
      mirrorable: true,
    });
    const body: Readable = response.body;
    signal.addEventListener('abort', () => body.destroy(), { once: true });
    if (offset === 0 || response.status === 206) return body;
    return skipBytes(body, offset);
  };
}

async function* skipBytes(source: AsyncIterable<Buffer>, count: number): AsyncGenerator<Buffer> {
  let toSkip = count;
  for await (const chunk of source) {
    if (toSkip >= chunk.length) {
      toSkip -= chunk.length;
      continue;
    }
    yield toSkip > 0 ? chunk.subarray(toSkip) : chunk;
    toSkip = 0;
  }
}
