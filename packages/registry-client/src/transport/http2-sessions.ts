import type { ClientHttp2Session, IncomingHttpHeaders as Http2Headers } from 'node:http2';
import type { IncomingHttpHeaders } from 'node:http';
import type { ConnectionOptions } from 'node:tls';
import type { Readable } from 'node:stream';

// HTTP/2's default 64 KiB flow-control window would throttle layer downloads to a trickle.
const WINDOW_BYTES = 32 * 1024 * 1024;

export interface Http2Result {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
}

/** One multiplexed HTTP/2 session per origin, opened on first use and replaced when it dies. */
export class Http2Sessions {
  private readonly sessions = new Map<string, ClientHttp2Session>();
  /** Streams open per session: a session with none is unref'd so it never holds the process. */
  private readonly open = new WeakMap<ClientHttp2Session, number>();

  constructor(private readonly tls: ConnectionOptions) {}

  private session(origin: string): ClientHttp2Session {
    const existing = this.sessions.get(origin);
    if (existing !== undefined && !existing.closed && !existing.destroyed) return existing;
    // Loaded on first use, as most commands never speak HTTP/2 (start-up time).
    const http2 = require('node:http2') as typeof import('node:http2');
    const session = http2.connect(origin, { ...this.tls, settings: { initialWindowSize: WINDOW_BYTES } });
    session.on('connect', () => session.setLocalWindowSize(WINDOW_BYTES));
    // Errors reach the streams of the session; a dead session is simply dropped.
    session.on('error', () => undefined);
    const forget = (): void => {
      if (this.sessions.get(origin) === session) this.sessions.delete(origin);
    };
    session.on('close', forget);
    session.on('goaway', forget);
    // Idle sessions must not keep a CLI alive; in-flight streams keep it referenced.
    session.unref();
    this.sessions.set(origin, session);
    return session;
  }

  send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | Readable | undefined,
    idleTimeoutMs: number,
  ): Promise<Http2Result> {
    return new Promise((resolve, reject) => {
      const session = this.session(url.origin);
      this.open.set(session, (this.open.get(session) ?? 0) + 1);
      session.ref();
      const outgoing: Record<string, string> = {
        ':method': method,
        ':path': `${url.pathname}${url.search}`,
      };
      // Connection-specific headers are forbidden in HTTP/2; the rest go lowercased.
      for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        if (
          lower !== 'connection' &&
          lower !== 'host' &&
          lower !== 'keep-alive' &&
          lower !== 'transfer-encoding'
        )
          outgoing[lower] = value;
      }
      const stream = session.request(outgoing, { endStream: body === undefined });
      const release = (): void => {
        const left = (this.open.get(session) ?? 1) - 1;
        this.open.set(session, left);
        if (left === 0 && !session.destroyed) session.unref();
      };
      stream.on('close', release);
      stream.setTimeout(idleTimeoutMs, () =>
        stream.destroy(Object.assign(new Error(`no data for ${idleTimeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      stream.once('error', reject);
      stream.once('response', (responseHeaders: Http2Headers) => {
        const status = Number(responseHeaders[':status']);
        const plain: IncomingHttpHeaders = {};
        for (const [name, value] of Object.entries(responseHeaders)) {
          if (!name.startsWith(':')) plain[name] = value as string | string[];
        }
        resolve({ status, headers: plain, body: stream });
      });
      if (Buffer.isBuffer(body)) stream.end(body);
      else if (body !== undefined) {
        body.on('error', (error) => stream.destroy(error));
        body.pipe(stream);
      }
    });
  }

  close(): void {
    for (const session of this.sessions.values()) session.close();
    this.sessions.clear();
  }
}
