import { repositoryScope } from '../auth/scope';
import { ProtocolError } from '../errors';
import type { HttpResponse } from '../transport/http-transport';
import type { RegistryHost } from '../registry/registry-host';

/** A blob to GET: its digest and, for foreign layers, the URLs that serve it outside the registry. */
export interface BlobLocation {
  readonly digest: string;
  readonly urls?: readonly string[];
}

/**
 * GETs a blob, whole or from byte `start` to `end` (inclusive); a 206 must cover exactly that
 * range. A blob with `urls` (foreign / non-distributable layers) is asked of those first, in
 * order, as containerd does, then of the registry; the caller verifies the digest either way.
 */
export async function requestBlob(
  host: RegistryHost,
  repository: string,
  blob: string | BlobLocation,
  range?: { start: number; end?: number },
): Promise<HttpResponse> {
  const { digest, urls = [] } = typeof blob === 'string' ? { digest: blob } : blob;
  const headers: Record<string, string> =
    range === undefined ? {} : { Range: `bytes=${range.start}-${range.end ?? ''}` };
  for (const url of urls) {
    try {
      return checkRange(digest, await host.requestForeign(url, headers, [200, 206]), range);
    } catch {
      // An unreachable or refusing URL falls through to the next one, and last to the registry.
    }
  }
  const response = await host.request({
    method: 'GET',
    path: `/v2/${repository}/blobs/${digest}`,
    scopes: repositoryScope(repository, 'pull'),
    headers,
    expect: [200, 206],
    mirrorable: true,
    bulk: true,
  });
  return checkRange(digest, response, range);
}

function checkRange(
  digest: string,
  response: HttpResponse,
  range: { start: number; end?: number } | undefined,
): HttpResponse {
  if (response.status === 206 && range !== undefined) {
    const header = response.headers['content-range'] ?? '';
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header);
    if (
      match === null ||
      Number(match[1]) !== range.start ||
      (range.end !== undefined && Number(match[2]) !== range.end)
    ) {
      response.body.destroy();
      throw new ProtocolError(
        `blob ${digest}: asked for bytes ${range.start}-${range.end ?? ''}, got Content-Range ${JSON.stringify(header)}`,
      );
    }
  }
  return response;
}
