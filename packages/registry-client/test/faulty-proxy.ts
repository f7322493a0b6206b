import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a proxy does to one upstream response: pass it, or cut or alter a blob on the way. */
export interface ProxyFault {
  /** Applies to GETs whose path ends with this (e.g. `/blobs/sha256:…`). */
  readonly pathSuffix: string;
  /** Close the connection after this many body bytes, the first `times` times. */
  readonly cutAfter?: { bytes: number; times: number };
  /** Flip one byte of the body at this offset. */
  readonly flipByteAt?: number;
  /** Replace the response's Content-Type. */
  readonly contentType?: string;
  /** Answer this status (with a distribution error body) the first `times` times instead of forwarding. */
  readonly failWith?: { status: number; times: number };
}

export interface FaultyProxy {
  readonly host: string;
  /** Range headers of requests that matched a fault, in order (undefined: none sent); one per matching request. */
  readonly ranges: (string | undefined)[];
  stop(): Promise<void>;
}

/**
 * An HTTP proxy in front of a test registry that misbehaves on purpose: it breaks connections
 * mid-blob or tampers with content. Everything else passes through unchanged (Host included,
 * so the registry's Location headers point back at the proxy).
 */
export async function startFaultyProxy(upstreamHost: string, fault: ProxyFault): Promise<FaultyProxy> {
  const ranges: (string | undefined)[] = [];
  let cuts = 0;
  let failures = 0;
  const [upstreamName, upstreamPort] = upstreamHost.split(':') as [string, string];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const matches = req.method === 'GET' && (req.url ?? '').split('?')[0]?.endsWith(fault.pathSuffix);
    if (matches) ranges.push(req.headers.range);
    if (matches && fault.failWith !== undefined && failures < fault.failWith.times) {
      failures++;
      const body = JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'injected failure' }] });
      req.resume();
      res
        .writeHead(fault.failWith.status, { 'Content-Type': 'application/json', 'Retry-After': '0' })
        .end(body);
      return;
    }
    const upstream = request(
      {
        host: upstreamName,
        port: Number(upstreamPort),
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (upstreamRes) => {
        const headers = { ...upstreamRes.headers };
        if (matches && fault.contentType !== undefined) headers['content-type'] = fault.contentType;
        res.writeHead(upstreamRes.statusCode ?? 502, headers);
        const cut =
          matches && fault.cutAfter !== undefined && cuts < fault.cutAfter.times
            ? fault.cutAfter.bytes
            : undefined;
        if (cut !== undefined) cuts++;
        let offset = 0;
        upstreamRes.on('data', (chunk: Buffer) => {
          let data = chunk;
          if (
            matches &&
            fault.flipByteAt !== undefined &&
            fault.flipByteAt >= offset &&
            fault.flipByteAt < offset + chunk.byteLength
          ) {
            data = Buffer.from(chunk);
            const at = fault.flipByteAt - offset;
            data[at] = (data[at] as number) ^ 0xff;
          }
          if (cut !== undefined && offset + data.byteLength >= cut) {
            res.write(data.subarray(0, cut - offset));
            res.socket?.destroy();
            upstreamRes.destroy();
            return;
          }
          offset += data.byteLength;
          res.write(data);
        });
        upstreamRes.on('end', () => res.end());
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    ranges,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
