import { Authorizer } from '../auth/authorizer';
import type { CredentialProvider } from '../auth/credentials';
import { ConnectionError, InvalidArgumentError } from '../errors';
import {
  discard,
  HttpTransport,
  type HttpResponse,
  type TransportOptions,
} from '../transport/http-transport';

// How long an unreachable mirror is skipped before it is tried again.
const UNREACHABLE_BACKOFF_MS = 60_000;

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
  ) {
    this.authorizer = new Authorizer(credentialHost, transport, credentials);
  }

  static create(
    spec: EndpointSpec,
    tls: ConstructorParameters<typeof HttpTransport>[0],
    options: TransportOptions,
    credentialHost: string,
    credentials: CredentialProvider,
  ): Endpoint {
    return new Endpoint(spec, new HttpTransport(tls, options), credentialHost, credentials);
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
    const schemes =
      this.spec.scheme !== undefined
        ? [this.spec.scheme]
        : this.spec.insecure
          ? ['https', 'http']
          : ['https'];
    let lastError: unknown;
    for (const scheme of schemes) {
      const base = new URL(`${scheme}://${this.spec.host}`);
      let response: HttpResponse;
      try {
        response = await this.transport.send({ method: 'GET', url: new URL('/v2/', base) });
      } catch (error) {
        lastError = error;
        continue;
      }
      discard(response.body);
      if (response.status === 401) this.authorizer.learn(response.headers['www-authenticate']);
      return base;
    }
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
