import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Readable } from 'node:stream';
import { ConnectionError } from '../errors';

export interface TlsSettings {
  /** Extra CA certificates; the system's are always trusted too. */
  readonly ca?: readonly Buffer[];
  readonly clientCert?: { readonly cert: Buffer; readonly key: Buffer };
  /** false skips certificate verification (insecure registries). */
  readonly verify: boolean;
}

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** A Buffer, or a stream whose length is in Content-Length (or sent chunked). */
  readonly body?: Buffer | Readable;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Must be consumed or destroyed, else its connection is never reused. */
  readonly body: IncomingMessage;
  readonly url: URL;
}

export interface TransportOptions {
  /** Abort when a connection stays silent this long (connect, headers or body). */
  readonly idleTimeoutMs: number;
  readonly userAgent: string;
}

// Enough sockets that parallel layer and ranged downloads never queue on the agent.
const MAX_SOCKETS = 16;

/** Node's http/https with keep-alive agents for one registry endpoint and its TLS settings. */
export class HttpTransport {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    tls: TlsSettings,
    private readonly options: TransportOptions,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: MAX_SOCKETS,
      rejectUnauthorized: tls.verify,
      ...(tls.ca && tls.ca.length > 0 ? { ca: [...rootCertificates, ...tls.ca.map(String)] } : {}),
      ...(tls.clientCert ? { cert: tls.clientCert.cert, key: tls.clientCert.key } : {}),
    });
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    const { url } = request;
    const target = `${request.method} ${url.href}`;
    const isHttps = url.protocol === 'https:';
    const module = isHttps ? https : http;
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent, ...request.headers };
    if (Buffer.isBuffer(request.body)) headers['Content-Length'] = String(request.body.byteLength);
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = module.request(url, {
        method: request.method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      });
      req.setTimeout(this.options.idleTimeoutMs, () => {
        req.destroy(
          Object.assign(new Error(`no data for ${this.options.idleTimeoutMs} ms`), { code: 'ETIMEDOUT' }),
        );
      });
      req.on('error', (error) => reject(new ConnectionError(target, error, connectionReason(error))));
      req.on('response', (res) => {
        // The idle timer keeps guarding the body: a stalled download fails instead of hanging.
        res.on('error', () => undefined);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res, url });
      });
      const body = request.body;
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else {
        body.on('error', (error) => req.destroy(error));
        body.pipe(req);
      }
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

const TLS_FAILURE = /SSL|TLS|CERT|wrong version number|EPROTO/i;

function connectionReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ETIMEDOUT') return 'TIMEOUT';
  if (TLS_FAILURE.test(code) || TLS_FAILURE.test(error.message)) return 'TLS_FAILED';
  return 'CONNECTION_FAILED';
}

/** Reads a small response body (error documents, tokens, manifests) up to `limit` bytes. */
export async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) {
      res.destroy();
      throw new RangeError(`response body larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Discards a response body so its keep-alive connection can serve the next request. */
export function discard(res: IncomingMessage): void {
  if (!res.complete) res.resume();
}
