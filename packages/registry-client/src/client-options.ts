import type { CredentialProvider, Credentials } from './auth/credentials';
import type { SchemeCache } from './registry/scheme-cache';
import type { RetryPolicy } from './transport/retry-policy';
import type { RegistryHostOptions } from './transport/host-options';

/** Progress of one blob, for progress bars. */
export interface BlobProgress {
  readonly digest: string;
  readonly mediaType?: string;
  /** Bytes transferred (or found already present) so far. */
  readonly done: number;
  readonly total: number;
  /**
   * `exists`/`mounted` mean nothing was transferred; `foreign`: a non-distributable layer, which
   * a push leaves to its `urls` (as docker does).
   */
  readonly state: 'transferring' | 'done' | 'exists' | 'mounted' | 'foreign';
}

export type ProgressCallback = (progress: BlobProgress) => void;

export interface RegistryClientOptions {
  /** Per registry host (`name[:port]` as in references): insecure, mirrors, CAs, client cert. */
  hosts?: Record<string, RegistryHostOptions>;
  /** Where `<host>/ca.crt`, `*.cert`/`*.key` are looked up; default /etc/{berth,docker,containers}/certs.d. */
  certsDirs?: readonly string[];
  /** Credentials by host; tried before docker's config.json. */
  credentials?: Record<string, Credentials> | CredentialProvider;
  /** Path of docker's config.json to read credentials from; false to not read one. */
  dockerConfig?: string | false;
  /** Blobs transferred at once (default 3, like dockerd's max-concurrent-downloads). */
  concurrency?: number;
  /** Blobs at least this big are downloaded as parallel ranges when the registry allows (default 64 MiB). */
  rangedFetchThreshold?: number;
  /** Parallel range requests for one large blob (default 4). */
  rangedFetchParts?: number;
  /** Retries of failed requests (5xx, 429, connection errors). */
  retry?: Partial<RetryPolicy>;
  /** A connection silent this long is aborted (default 60 s). */
  idleTimeoutMs?: number;
  userAgent?: string;
  /** Use HTTP/2 with registries that offer it over TLS (default true). */
  http2?: boolean;
  /**
   * Remembers which scheme an insecure registry answered on, so the next client (another CLI
   * run) tries that one first; none by default (a long-lived process probes once per host).
   */
  schemeCache?: SchemeCache;
}
