import http, { type IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import { negotiateProtocol } from './alpn-probe';
import { extraCaCertificates } from './extra-ca';
import { Http2Sessions } from './http2-sessions';
import { rawRequest, RawUnsupported } from './raw-request';
import { openBody, type RequestBody } from '../registry/request-body';
import { OciError } from '@berth/oci';
import { ConnectionError, LayoutError, ProtocolError } from '../errors';
import type { FileContent } from './raw-file-body';

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
  /**
   * A Buffer, or a stream whose length is in Content-Length (or sent chunked), or a body opened
   * when sent (a file body goes without node:http over plain HTTP).
   */
  readonly body?: Readable | RequestBody;
  /**
   * A GET of bulk content (blobs): over plain HTTP its body is read without node:http (a
   * `RawBody`, which can write itself into a file); see raw-request.ts.
   */
  readonly bulk?: boolean;
}

/** A request whose body is ready to send (bytes or an open stream). */
type OpenedRequest = Omit<HttpRequest, 'body'> & { readonly body?: Buffer | Readable | undefined };

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Must be consumed or destroyed, else its connection (or HTTP/2 stream) is never freed. */
  readonly body: Readable;
  readonly url: URL;
}

export interface TransportOptions {
  /** Abort when a connection stays silent this long (connect, headers or body). */
  readonly idleTimeoutMs: number;
  readonly userAgent: string;
  /** Use HTTP/2 with TLS servers that offer it by ALPN (default true). */
  readonly http2?: boolean;
}

// Enough sockets that parallel layer and ranged downloads never queue on the agent.
const MAX_SOCKETS = 16;

/**
 * Node's http/https with keep-alive agents for one registry endpoint and its TLS settings, and
 * HTTP/2 (one multiplexed session per origin) for TLS servers that choose h2 by ALPN.
 */
export class HttpTransport {
  private readonly httpAgent: http.Agent;
  /** TLS state is made on the first https request: a plain-HTTP pull never loads a CA store. */
  private tlsState: { options: ConnectionOptions; agent: HttpsAgent; http2: Http2Sessions } | undefined;
  /** Protocol per https origin, decided once by an ALPN handshake. */
  private readonly protocols = new Map<string, Promise<'h2' | 'http/1.1'>>();
  /** Connections of bulk GETs in progress, destroyed by close(). */
  private readonly rawSockets = new Set<Socket>();

  constructor(
    private readonly tls: TlsSettings,
    private readonly options: TransportOptions,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  }

  private get tlsOptions(): ConnectionOptions {
    return this.tlsContext().options;
  }

  private tlsContext(): NonNullable<HttpTransport['tlsState']> {
    if (this.tlsState === undefined) {
      // Loaded on first use: a plain-HTTP command never pays for https, tls and http2 (start-up).
      const https = require('node:https') as typeof import('node:https');
      const { createSecureContext, rootCertificates } = require('node:tls') as typeof import('node:tls');
      const { tls } = this;
      // Unverified TLS needs no CAs: an empty list keeps Node from building its root store (~50 ms
      // of the first https probe of an insecure registry, on this machine).
      const extra = tls.verify ? [...extraCaCertificates(), ...(tls.ca ?? []).map(String)] : [];
      const ca = tls.verify ? (extra.length > 0 ? [...rootCertificates, ...extra] : undefined) : [];
      // One context for every connection: given as `ca`, Node would parse the CAs at each connect.
      const options: ConnectionOptions = {
        rejectUnauthorized: tls.verify,
        ...(ca !== undefined || tls.clientCert
          ? {
              secureContext: createSecureContext({
                ...(ca !== undefined ? { ca } : {}),
                ...(tls.clientCert ? { cert: tls.clientCert.cert, key: tls.clientCert.key } : {}),
              }),
            }
          : {}),
      };
      this.tlsState = {
        options,
        agent: new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, ...options }),
        http2: new Http2Sessions(options),
      };
    }
    return this.tlsState;
  }

  /** The protocol used with an https origin ('http/1.1' until the first request decided it). */
  async protocolOf(origin: string): Promise<'h2' | 'http/1.1'> {
    return (await this.protocols.get(origin)) ?? 'http/1.1';
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const { url } = request;
    if (url.protocol === 'http:') {
      const file = request.body !== undefined && 'file' in request.body ? request.body.file : undefined;
      if (request.bulk && request.method === 'GET' && request.body === undefined)
        return this.sendRaw(request);
      if (file !== undefined && (request.method === 'PUT' || request.method === 'PATCH'))
        return this.sendRaw(request, file);
    }
    const opened = { ...request, body: await openBody(request.body) };
    if (url.protocol !== 'https:' || this.options.http2 === false) return this.sendHttp1(opened);
    let protocol = this.protocols.get(url.origin);
    if (protocol === undefined) {
      protocol = negotiateProtocol(url, this.tlsOptions, this.options.idleTimeoutMs);
      this.protocols.set(url.origin, protocol);
      // A failed handshake is decided again next time (the caller sees the error below).
      protocol.catch(() => this.protocols.delete(url.origin));
    }
    let chosen: 'h2' | 'http/1.1';
    try {
      chosen = await protocol;
    } catch (error) {
      throw new ConnectionError(`${request.method} ${url.href}`, error, connectionReason(error as Error));
    }
    return chosen === 'h2' ? this.sendHttp2(opened) : this.sendHttp1(opened);
  }

  private async sendHttp2(request: OpenedRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent, ...request.headers };
    if (Buffer.isBuffer(request.body)) headers['Content-Length'] = String(request.body.byteLength);
    try {
      const result = await this.tlsContext().http2.send(
        request.url,
        request.method,
        headers,
        request.body,
        this.options.idleTimeoutMs,
      );
      result.body.on('error', () => undefined);
      return { ...result, url: request.url };
    } catch (error) {
      throw new ConnectionError(
        `${request.method} ${request.url.href}`,
        error,
        connectionReason(error as Error),
      );
    }
  }

  private async sendRaw(request: HttpRequest, file?: FileContent): Promise<HttpResponse> {
    const headers = { 'User-Agent': this.options.userAgent, ...request.headers };
    try {
      const response = await rawRequest(
        request.method as 'GET' | 'PUT' | 'PATCH',
        request.url,
        headers,
        this.options.idleTimeoutMs,
        this.rawSockets,
        file,
      );
      response.body.on('error', () => undefined);
      return { ...response, url: request.url };
    } catch (error) {
      if (error instanceof RawUnsupported) {
        // A GET is asked again through node:http, which handles every framing (nothing was
        // consumed); a request with a body was sent already.
        if (file === undefined) return this.sendHttp1({ ...request, body: undefined });
        throw new ProtocolError(`${request.method} ${request.url.href}: ${error.message}`);
      }
      if (error instanceof TypeError || error instanceof OciError || error instanceof LayoutError)
        throw error;
      throw new ConnectionError(
        `${request.method} ${request.url.href}`,
        error,
        connectionReason(error as Error),
      );
    }
  }

  private sendHttp1(request: OpenedRequest): Promise<HttpResponse> {
    const { url } = request;
    const target = `${request.method} ${url.href}`;
    const isHttps = url.protocol === 'https:';
    const module = isHttps ? (require('node:https') as typeof import('node:https')) : http;
    const headers: Record<string, string> = { 'User-Agent': this.options.userAgent, ...request.headers };
    if (Buffer.isBuffer(request.body)) headers['Content-Length'] = String(request.body.byteLength);
    return new Promise<HttpResponse>((resolve, reject) => {
      const req = module.request(url, {
        method: request.method,
        headers,
        agent: isHttps ? this.tlsContext().agent : this.httpAgent,
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
    for (const socket of this.rawSockets) socket.destroy();
    this.httpAgent.destroy();
    this.tlsState?.agent.destroy();
    this.tlsState?.http2.close();
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
export async function readBody(res: Readable, limit: number): Promise<Buffer> {
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
export function discard(res: Readable): void {
  if (!res.readableEnded) res.resume();
}
