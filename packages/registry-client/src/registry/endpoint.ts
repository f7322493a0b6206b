import { Authorizer } from '../auth/authorizer';
import type { Scheme, SchemeCache } from './scheme-cache';
import type { CredentialProvider } from '../auth/credentials';
import { ConnectionError, InvalidArgumentError } from '../errors';
import {
  HttpTransport,
  readBody,
  type HttpResponse,
  type TransportOptions,
} from '../transport/http-transport';

// How long an unreachable mirror is skipped before it is tried again.
const UNREACHABLE_BACKOFF_MS = 60_000;
const MAX_PING_BODY = 64 * 1024;

/** One place a registry's API is served: the registry itself or one of its mirrors. */
export interface EndpointSpec {
  /** `name[:port]` on the network. */
  readonly host: string;
  /** Fixed when a mirror is given as a URL; else https, or https then http for insecure hosts. */
  readonly scheme?: 'http' | 'https';
  /** Allow plain HTTP and unverified TLS. */
  readonly insecure: boolean;
  readonly mirror: boolean;
}

/** Parses a mirror given as `host[:port]` or `http(s)://host[:port]`. */
export function mirrorSpec(mirror: string, insecure: boolean): EndpointSpec {
  const match = /^(?:(https?):\/\/)?([^/]+)\/?$/.exec(mirror.trim());
  if (match === null || match[2] === undefined) {
    throw new InvalidArgumentError(
      `invalid mirror ${JSON.stringify(mirror)}: expected host[:port] or http(s)://host[:port]`,
    );
  }
  const scheme = match[1] as 'http' | 'https' | undefined;
  return { host: match[2], insecure, mirror: true, ...(scheme === undefined ? {} : { scheme }) };
}

/**
 * A connected endpoint: its transport, its authorizer and, once pinged, the base URL that
 * works (scheme decided by trying https first, then http when the host is insecure).
 */
export class Endpoint {
  readonly authorizer: Authorizer;
  private base: Promise<URL> | undefined;
  private unreachableUntil = 0;

  constructor(
    readonly spec: EndpointSpec,
    readonly transport: HttpTransport,
    credentialHost: string,
    credentials: CredentialProvider,
    private readonly schemeCache?: SchemeCache,
  ) {
    this.authorizer = new Authorizer(credentialHost, transport, credentials);
  }

  static create(
    spec: EndpointSpec,
    tls: ConstructorParameters<typeof HttpTransport>[0],
    options: TransportOptions,
    credentialHost: string,
    credentials: CredentialProvider,
    schemeCache?: SchemeCache,
  ): Endpoint {
    return new Endpoint(spec, new HttpTransport(tls, options), credentialHost, credentials, schemeCache);
  }

  /** The base URL (`scheme://host`), found by pinging `/v2/` once; a failed ping is retried next time. */
  baseUrl(): Promise<URL> {
    this.base ??= this.ping().catch((error: unknown) => {
      this.base = undefined;
      throw error;
    });
    return this.base;
  }

  private async ping(): Promise<URL> {
    const probed = this.spec.scheme === undefined && this.spec.insecure;
    const schemes: Scheme[] =
      this.spec.scheme !== undefined ? [this.spec.scheme] : probed ? ['https', 'http'] : ['https'];
    // What worked last time goes first; if it fails to connect, every scheme is probed again.
    const remembered = probed ? this.schemeCache?.get(this.spec.host) : undefined;
    if (remembered !== undefined) schemes.unshift(remembered);
    let lastError: unknown;
    let rememberedUnreachable = false;
    for (const [i, scheme] of schemes.entries()) {
      if (i > 0 && scheme === remembered && rememberedUnreachable) continue;
      const base = new URL(`${scheme}://${this.spec.host}`);
      let response: HttpResponse;
      try {
        response = await this.transport.send({ method: 'GET', url: new URL('/v2/', base) });
      } catch (error) {
        lastError = error;
        if (i === 0 && remembered !== undefined) rememberedUnreachable = true;
        continue;
      }
      // Read to its end (it is tiny), so the manifest request that follows reuses this
      // connection instead of opening another (a TLS handshake, with https).
      await readBody(response.body, MAX_PING_BODY).catch(() => undefined);
      // A TLS server may answer plain HTTP with a 400 (Go's does): a remembered scheme must get
      // a real /v2/ answer, else the probe starts over.
      if (i === 0 && remembered !== undefined && response.status !== 200 && response.status !== 401) continue;
      if (response.status === 401) this.authorizer.learn(response.headers['www-authenticate']);
      if (probed) this.schemeCache?.set(this.spec.host, scheme);
      return base;
    }
    if (remembered !== undefined) this.schemeCache?.set(this.spec.host, undefined);
    throw lastError instanceof ConnectionError ? lastError : new ConnectionError(this.spec.host, lastError);
  }

  /** False for a while after the endpoint could not be reached (mirrors are skipped then). */
  usable(now: number = Date.now()): boolean {
    return now >= this.unreachableUntil;
  }

  markUnreachable(now: number = Date.now()): void {
    this.unreachableUntil = now + UNREACHABLE_BACKOFF_MS;
  }

  close(): void {
    this.transport.close();
  }
}
