import { repositoryScope } from '../auth/scope';
import { ProtocolError } from '../errors';
import type { HttpResponse } from '../transport/http-transport';
import type { RegistryHost } from '../registry/registry-host';

/** GETs a blob, whole or from byte `start` to `end` (inclusive); a 206 must cover exactly that range. */
export async function requestBlob(
  host: RegistryHost,
  repository: string,
  digest: string,
  range?: { start: number; end?: number },
): Promise<HttpResponse> {
  const response = await host.request({
    method: 'GET',
    path: `/v2/${repository}/blobs/${digest}`,
    scopes: repositoryScope(repository, 'pull'),
    headers: range === undefined ? {} : { Range: `bytes=${range.start}-${range.end ?? ''}` },
    expect: [200, 206],
    mirrorable: true,
  });
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
