import type { IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { RawBody } from './raw-body';
import { sendFile, type FileContent } from './raw-file-body';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: RawBody;
}

const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
// Headers of which a response has one (node:http keeps the first); others repeat, joined by ", ".
const SINGLE = new Set([
  'content-length',
  'content-type',
  'content-range',
  'location',
  'retry-after',
  'etag',
  'docker-content-digest',
]);

/** Thrown when the head cannot be framed here: the caller sends the request through node:http. */
export class RawUnsupported extends Error {}

function connectionBroken(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

function parseHead(head: string): { status: number; headers: IncomingHttpHeaders } {
  const lines = head.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (status === null) throw new RawUnsupported(`not an HTTP/1 status line: ${JSON.stringify(lines[0])}`);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RawUnsupported(`malformed header line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (!SINGLE.has(name)) headers[name] = `${existing}, ${value}`;
  }
  return { status: Number(status[1]), headers };
}

/**
 * A plain-HTTP request on a connection of its own (closed after the response), without
 * node:http: a GET whose answer is read into reused buffers (`net`'s `onread`), or a request
 * whose body is a file, sent from reused buffers and checked against its digest before its last
 * byte goes out. Only for responses framed by Content-Length: anything else (chunked, no length,
 * 1xx, a malformed head) rejects with RawUnsupported before a byte of the response body was
 * consumed, and the caller asks again through node:http (a GET only: a request with a body has
 * then been sent, and fails). The response body is a RawBody: stream it, or write it to a file
 * with `intoFile`.
 */
export function rawRequest(
  method: 'GET' | 'PUT' | 'PATCH' | 'POST',
  url: URL,
  headers: Readonly<Record<string, string>>,
  idleTimeoutMs: number,
  sockets: Set<Socket>,
  file?: FileContent,
): Promise<RawResponse> {
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  for (const [name, value] of Object.entries(headers)) {
    // The same refusal node:http gives: a line break would smuggle another header or request.
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value))
      throw new TypeError(`invalid character in header ${JSON.stringify(name)}`);
    lines.push(`${name}: ${value}`);
  }
  if (file !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length'))
    lines.push(`Content-Length: ${file.size}`);
  lines.push('Connection: close', '', '');
  return new Promise<RawResponse>((resolve, reject) => {
    let body: RawBody | undefined;
    let head: Buffer | undefined;
    let spare: Buffer | undefined;
    let sending: { stop(): void } | undefined;
    const fail = (error: Error): void => {
      sending?.stop();
      socket.destroy();
      if (body !== undefined) body.onBroken(error);
      else reject(error);
    };
    const socket = connect({
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(url.port || 80),
      onread: {
        // The buffer read into next: while the head is read, the one just filled is kept (spare).
        buffer: () => body?.takeBuffer() ?? (spare ??= Buffer.allocUnsafeSlow(MAX_HEAD_BYTES)),
        callback: (bytes: number, buffer: Buffer): boolean => {
          if (body !== undefined) return body.onData(buffer, bytes);
          // The head: copied out, as the buffer is read into again.
          head =
            head === undefined
              ? Buffer.from(buffer.subarray(0, bytes))
              : Buffer.concat([head, buffer.subarray(0, bytes)]);
          const end = head.indexOf(HEAD_END);
          if (end < 0) {
            if (head.byteLength > MAX_HEAD_BYTES) fail(new RawUnsupported('response head too large'));
            return true;
          }
          let parsed: { status: number; headers: IncomingHttpHeaders };
          try {
            parsed = parseHead(head.subarray(0, end).toString('latin1'));
          } catch (error) {
            fail(error as Error);
            return false;
          }
          const length = parsed.headers['content-length'];
          if (
            parsed.status < 200 ||
            parsed.headers['transfer-encoding'] !== undefined ||
            length === undefined ||
            !/^\d+$/.test(length)
          ) {
            fail(new RawUnsupported(`response not framed by Content-Length (status ${parsed.status})`));
            return false;
          }
          // An answer before the whole file went out (a refusal) ends the sending.
          sending?.stop();
          body = new RawBody(socket, Number(length));
          body.start(head.subarray(end + HEAD_END.byteLength));
          head = undefined;
          resolve({ ...parsed, body });
          // Paused until the caller consumes the body (intoFile or reading).
          return false;
        },
      },
    });
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () =>
      fail(Object.assign(new Error(`no data for ${idleTimeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    socket.on('error', fail);
    socket.on('end', () => fail(connectionBroken('connection closed before the response ended')));
    socket.on('close', () => {
      sockets.delete(socket);
      fail(connectionBroken('connection closed before the response ended'));
    });
    socket.write(lines.join('\r\n'));
    if (file !== undefined) sending = sendFile(socket, file, fail);
  });
}
