import type { ScopeSet } from '../auth/scope';
import { ConnectionError, ProtocolError } from '../errors';
import { discard, readBody, type HttpResponse, type HttpTransport } from '../transport/http-transport';
import { isRetriableStatus, retryDelayMs, waitForRetry, type RetryPolicy } from '../transport/retry-policy';
import type { Endpoint } from './endpoint';
import { responseError } from './error-response';
import { bodyLengthHeader, type RequestBody } from './request-body';

export interface RegistryRequest {
  readonly method: string;
  /** `/v2/...` (with query), or an absolute URL such as an upload's Location. */
  readonly path: string;
  readonly scopes: ScopeSet;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody;
  /** Statuses that count as success; others become typed errors. */
  readonly expect: readonly number[];
  /** Reads of content may be served by mirrors, falling back to the registry itself. */
  readonly mirrorable?: boolean;
  /** Repeat on 5xx, 429 and connection failures; off for steps of an upload session. */
  readonly retry?: boolean;
  /** A GET of bulk content (a blob): see HttpRequest.bulk. */
  readonly bulk?: boolean;
}

const MAX_ERROR_BODY = 64 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
// Two challenges per request are enough: the first teaches the scheme, the second widens the scope.
const MAX_AUTH_ROUNDS = 2;

/** Everything requests to one registry go through: mirrors, auth, retries, redirects, errors. */
export class RegistryHost {
  constructor(
    /** The reference domain this host serves (`docker.io`, `127.0.0.1:5000`). */
    readonly domain: string,
    /** Mirrors first, the registry itself last. */
    readonly endpoints: readonly Endpoint[],
    private readonly retryPolicy: RetryPolicy,
    /** For blobs served outside the registry (a descriptor's `urls`): system CAs, no credentials. */
    private readonly foreign?: HttpTransport,
  ) {}

  get upstream(): Endpoint {
    return this.endpoints.at(-1) as Endpoint;
  }

  /** Sends a request and returns a response with an expected status; its body must be consumed. */
  async request(request: RegistryRequest): Promise<HttpResponse> {
    if (!request.mirrorable) return this.requestAt(this.upstream, request);
    for (const endpoint of this.endpoints) {
      if (!endpoint.spec.mirror) break;
      if (!endpoint.usable()) continue;
      try {
        // Mirrors get no retries: the registry itself is the fallback, not a wait.
        return await this.requestAt(endpoint, { ...request, retry: false });
      } catch (error) {
        // Any mirror failure (down, missing content, refused) falls through to the next one;
        // one that cannot be reached is left alone for a while.
        if (error instanceof ConnectionError) endpoint.markUnreachable();
      }
    }
    return this.requestAt(this.upstream, request);
  }

  /**
   * GETs a URL outside the registry (a foreign layer's `urls`), following redirects, without the
   * registry's credentials. Resolves only with a status in `expect`; anything else is an error.
   */
  async requestForeign(
    url: string,
    headers: Readonly<Record<string, string>>,
    expect: readonly number[],
  ): Promise<HttpResponse> {
    if (this.foreign === undefined) throw new ProtocolError(`${url}: no transport for foreign URLs`);
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        throw new ProtocolError(`${url}: only http and https URLs are fetched`);
      const response = await this.foreign.send({ method: 'GET', url: target, headers });
      const location = response.headers.location;
      if (REDIRECTS.has(response.status) && location !== undefined) {
        discard(response.body);
        if (hop >= MAX_REDIRECTS) throw new ProtocolError(`GET ${url}: too many redirects`);
        target = new URL(location, target);
        continue;
      }
      if (expect.includes(response.status)) return response;
      discard(response.body);
      throw new ProtocolError(`GET ${target.href} answered ${response.status}`);
    }
  }

  private async requestAt(endpoint: Endpoint, request: RegistryRequest): Promise<HttpResponse> {
    const retries = request.retry === false ? 0 : this.retryPolicy.retries;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.authorizedRequest(endpoint, request);
        if (
          attempt < retries &&
          isRetriableStatus(response.status) &&
          !request.expect.includes(response.status)
        ) {
          discard(response.body);
          await waitForRetry(retryDelayMs(this.retryPolicy, attempt, response.headers['retry-after']));
          continue;
        }
        return await this.checked(response, request);
      } catch (error) {
        // A certificate problem stays a certificate problem: only transient failures are retried.
        if (!(error instanceof ConnectionError) || error.reason === 'TLS_FAILED' || attempt >= retries)
          throw error;
        await waitForRetry(retryDelayMs(this.retryPolicy, attempt));
      }
    }
  }

  private async authorizedRequest(endpoint: Endpoint, request: RegistryRequest): Promise<HttpResponse> {
    const base = await endpoint.baseUrl();
    let scopes = request.scopes;
    for (let round = 0; ; round++) {
      const authorization = await endpoint.authorizer.authorization(scopes);
      const response = await this.sendFollowingRedirects(endpoint, base, request, authorization);
      if ((response.status !== 401 && response.status !== 403) || round >= MAX_AUTH_ROUNDS) return response;
      const challenge = response.headers['www-authenticate'];
      if (response.status === 403 && challenge === undefined) return response;
      const retryWith = endpoint.authorizer.retryScopes(challenge, scopes, authorization);
      if (retryWith === undefined) return response;
      discard(response.body);
      scopes = retryWith;
    }
  }

  private async sendFollowingRedirects(
    endpoint: Endpoint,
    base: URL,
    request: RegistryRequest,
    authorization: string | undefined,
  ): Promise<HttpResponse> {
    let url = new URL(request.path, base);
    for (let hop = 0; ; hop++) {
      // Credentials go only to the registry's own origin, never to a blob store it redirects to.
      const sameOrigin = url.origin === base.origin;
      const response = await endpoint.transport.send({
        method: request.method,
        url,
        headers: {
          ...request.headers,
          ...bodyLengthHeader(request.body),
          ...(authorization !== undefined && sameOrigin ? { Authorization: authorization } : {}),
        },
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.bulk ? { bulk: true } : {}),
      });
      const location = response.headers.location;
      if (
        !REDIRECTS.has(response.status) ||
        location === undefined ||
        request.expect.includes(response.status)
      ) {
        return response;
      }
      discard(response.body);
      if (hop >= MAX_REDIRECTS)
        throw new ProtocolError(`${request.method} ${request.path}: too many redirects`);
      url = new URL(location, url);
    }
  }

  private async checked(response: HttpResponse, request: RegistryRequest): Promise<HttpResponse> {
    if (request.expect.includes(response.status)) return response;
    const text = request.method === 'HEAD' ? '' : await readErrorText(response);
    throw responseError(response.status, `${request.method} ${response.url.pathname}`, text);
  }

  close(): void {
    for (const endpoint of this.endpoints) endpoint.close();
    this.foreign?.close();
  }
}

async function readErrorText(response: HttpResponse): Promise<string> {
  try {
    return (await readBody(response.body, MAX_ERROR_BODY)).toString('utf8');
  } catch {
    return '';
  }
}
