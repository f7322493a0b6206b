import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConnectionError } from '../errors';
import { HttpTransport } from './http-transport';
import { RawBody } from './raw-body';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { DigestMismatchError } from '@berth/oci';

/**
 * A 127.0.0.1 server answering every request with `respond`'s raw bytes, once the head arrived
 * (and, with `bodyFirst`, the Content-Length body too). Keeps each request's head and body.
 */
async function rawServer(
  respond: (write: (data: Buffer | string) => void, end: () => void) => void,
  bodyFirst = false,
) {
  const requests: string[] = [];
  const bodies: Buffer[] = [];
  const server: Server = createServer((socket) => {
    let data = Buffer.alloc(0);
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0 || answered) return;
      const head = data.subarray(0, end).toString('latin1');
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (bodyFirst && data.byteLength - end - 4 < length) return;
      answered = true;
      requests.push(head);
      bodies.push(data.subarray(end + 4));
      respond(
        (reply) => socket.write(reply),
        () => socket.destroy(),
      );
    });
    socket.on('close', () => {
      if (answered) bodies[bodies.length - 1] = data.subarray(data.indexOf('\r\n\r\n') + 4);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/v2/r/blobs/x`);
  return { url, requests, bodies, stop: () => new Promise((resolve) => server.close(resolve)) };
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('requests over plain HTTP without node:http (raw-request)', () => {
  const content = randomBytes(3 * 1024 * 1024 + 17);
  const transport = new HttpTransport({ verify: true }, { idleTimeoutMs: 5000, userAgent: 'berth-test' });
  let dir: string;
  const stops: (() => Promise<unknown>)[] = [];
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'berth-raw-request-'))));
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    await rm(dir, { recursive: true, force: true });
  });
  afterAll(() => transport.close());

  async function serve(respond: Parameters<typeof rawServer>[0], bodyFirst = false) {
    const server = await rawServer(respond, bodyFirst);
    stops.push(server.stop);
    return server;
  }

  const okHead = (length: number, extra = ''): string =>
    `HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\nContent-Type: application/octet-stream\r\n${extra}\r\n`;

  it('streams a Content-Length body with its headers, sending the request headers given', async () => {
    const server = await serve((write) => {
      // The head and the first body bytes in one packet, the rest in pieces.
      write(
        Buffer.concat([Buffer.from(okHead(content.length, 'X-A: 1\r\nX-A: 2\r\n')), content.subarray(0, 10)]),
      );
      for (let at = 10; at < content.length; at += 500_000) write(content.subarray(at, at + 500_000));
    });
    const response = await transport.send({
      method: 'GET',
      url: server.url,
      headers: { Range: 'bytes=0-' },
      bulk: true,
    });
    expect(response.body).toBeInstanceOf(RawBody);
    expect(response.status).toBe(200);
    expect(response.headers['x-a']).toBe('1, 2');
    expect(response.headers['content-length']).toBe(String(content.length));
    expect((await collect(response.body)).equals(content)).toBe(true);
    expect(server.requests[0]).toMatch(/^GET \/v2\/r\/blobs\/x HTTP\/1\.1\r\n/);
    expect(server.requests[0]).toContain('\r\nRange: bytes=0-\r\n');
    expect(server.requests[0]).toContain('\r\nUser-Agent: berth-test\r\n');
  });

  it('writes a body into a file at an offset, each chunk seen in order once written', async () => {
    const server = await serve((write) =>
      write(Buffer.concat([Buffer.from(okHead(content.length)), content])),
    );
    const response = await transport.send({ method: 'GET', url: server.url, bulk: true });
    const file = await open(join(dir, 'blob'), 'w');
    const seen: Buffer[] = [];
    let counted = 0;
    try {
      const write = (response.body as RawBody).intoFile({
        fd: file.fd,
        position: 5,
        limit: 5 + content.length,
        limitError: () => new Error('too big'),
        onWritten: (chunk) => seen.push(Buffer.from(chunk)),
        onBytes: (n) => (counted += n),
      });
      await write.done;
      expect(write.written()).toBe(content.length);
    } finally {
      await file.close();
    }
    expect(Buffer.concat(seen).equals(content)).toBe(true);
    expect(counted).toBe(content.length);
    expect((await readFile(join(dir, 'blob'))).subarray(5).equals(content)).toBe(true);
  });

  it('a connection cut mid-body fails as an interruption, after exactly the bytes that landed', async () => {
    const cut = 1_000_000;
    const server = await serve((write, end) => {
      write(Buffer.concat([Buffer.from(okHead(content.length)), content.subarray(0, cut)]));
      setTimeout(end, 50);
    });
    const response = await transport.send({ method: 'GET', url: server.url, bulk: true });
    const file = await open(join(dir, 'blob'), 'w');
    let written: number;
    let failure: unknown;
    try {
      const write = (response.body as RawBody).intoFile({
        fd: file.fd,
        position: 0,
        limit: content.length,
        limitError: () => new Error('too big'),
      });
      await write.done.catch((error: unknown) => (failure = error));
      written = write.written();
    } finally {
      await file.close();
    }
    expect((failure as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(written).toBe(cut);
    expect((await readFile(join(dir, 'blob'))).equals(content.subarray(0, cut))).toBe(true);
  });

  it('refuses to write past the limit', async () => {
    const server = await serve((write) =>
      write(Buffer.concat([Buffer.from(okHead(content.length)), content])),
    );
    const response = await transport.send({ method: 'GET', url: server.url, bulk: true });
    const file = await open(join(dir, 'blob'), 'w');
    try {
      const write = (response.body as RawBody).intoFile({
        fd: file.fd,
        position: 0,
        limit: 1000,
        limitError: (n) => new Error(`would write up to ${n}`),
      });
      await expect(write.done).rejects.toThrow(/would write up to/);
      expect(write.written()).toBe(0);
    } finally {
      await file.close();
    }
  });

  it('a chunked response is asked again through node:http, which decodes it', async () => {
    const server = await serve((write, end) => {
      write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n');
      setTimeout(end, 10);
    });
    const response = await transport.send({ method: 'GET', url: server.url, bulk: true });
    expect(response.body).not.toBeInstanceOf(RawBody);
    expect((await collect(response.body)).toString()).toBe('hello world');
    expect(server.requests).toHaveLength(2);
  });

  it('an error status with a body reads like any response; a refused connection is a ConnectionError', async () => {
    const server = await serve((write) =>
      write('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found'),
    );
    const response = await transport.send({ method: 'GET', url: server.url, bulk: true });
    expect(response.status).toBe(404);
    expect((await collect(response.body)).toString()).toBe('not found');
    const gone = new URL(server.url);
    await server.stop();
    stops.length = 0;
    await expect(transport.send({ method: 'GET', url: gone, bulk: true })).rejects.toBeInstanceOf(
      ConnectionError,
    );
  });

  it('refuses header values with line breaks', async () => {
    const server = await serve((write) => write(okHead(0)));
    await expect(
      transport.send({ method: 'GET', url: server.url, headers: { Range: 'a\r\nX-Evil: 1' }, bulk: true }),
    ).rejects.toThrow(/invalid character in header/);
    expect(server.requests).toHaveLength(0);
  });

  const fileBody = async (
    bytes: Buffer,
    digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  ) => {
    const path = join(dir, 'upload');
    await writeFile(path, bytes);
    let sent = 0;
    const body = {
      size: bytes.byteLength,
      open: () => {
        throw new Error('the file body is sent without a stream');
      },
      file: { path, size: bytes.byteLength, digest, onBytes: (n: number) => (sent += n) },
    };
    return { body, sent: () => sent };
  };

  it('PUTs a file body from the file, counting what went out', async () => {
    const server = await serve((write) => write('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'), true);
    const upload = await fileBody(content);
    const response = await transport.send({ method: 'PUT', url: server.url, body: upload.body });
    expect(response.status).toBe(201);
    expect(server.requests[0]).toMatch(/^PUT \/v2\/r\/blobs\/x HTTP\/1\.1\r\n/);
    expect(server.requests[0]).toContain(`\r\nContent-Length: ${content.length}`);
    expect(server.bodies[0]?.equals(content)).toBe(true);
    expect(upload.sent()).toBe(content.length);
  });

  it('a file that does not match its digest is never sent whole', async () => {
    const server = await serve((write) => write('HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n'), true);
    const upload = await fileBody(content, `sha256:${'0'.repeat(64)}`);
    await expect(
      transport.send({ method: 'PUT', url: server.url, body: upload.body }),
    ).rejects.toBeInstanceOf(DigestMismatchError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(0);
    expect(upload.sent()).toBeLessThan(content.length);
  });

  it('an answer before the body went out (a refusal) is the response, and the sending stops', async () => {
    const server = await serve((write) =>
      write('HTTP/1.1 401 Unauthorized\r\nWww-Authenticate: Basic realm="r"\r\nContent-Length: 2\r\n\r\nno'),
    );
    const upload = await fileBody(content);
    const response = await transport.send({ method: 'PUT', url: server.url, body: upload.body });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Basic realm="r"');
    expect((await collect(response.body)).toString()).toBe('no');
  });
});
