import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConnectionError } from '../errors';
import { Endpoint } from './endpoint';
import { FileSchemeCache } from './scheme-cache';

describe('FileSchemeCache', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'berth-scheme-cache-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps answers across instances (processes), drops cleared ones, ignores a corrupt file', async () => {
    const path = join(dir, 'sub', 'schemes.json');
    new FileSchemeCache(path).set('127.0.0.1:5000', 'http');
    new FileSchemeCache(path).set('localhost:5001', 'https');
    const reread = new FileSchemeCache(path);
    expect(reread.get('127.0.0.1:5000')).toBe('http');
    expect(reread.get('localhost:5001')).toBe('https');
    reread.set('127.0.0.1:5000', undefined);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ 'localhost:5001': 'https' });
    await writeFile(path, '{not json');
    expect(new FileSchemeCache(path).get('localhost:5001')).toBeUndefined();
  });
});

describe('Endpoint ping with a scheme cache', () => {
  let dir: string;
  let server: http.Server;
  let host: string;
  let tlsAttempts: number;
  const endpoints: Endpoint[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-scheme-ping-'));
    tlsAttempts = 0;
    server = http.createServer((req, res) => res.writeHead(req.url === '/v2/' ? 200 : 404).end());
    // A TLS ClientHello is not HTTP: that is how an https probe shows up at a plain-HTTP registry.
    server.on('clientError', (_error, socket) => {
      tlsAttempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterEach(async () => {
    for (const endpoint of endpoints.splice(0)) endpoint.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const endpoint = (cache: FileSchemeCache, target = host): Endpoint => {
    const created = Endpoint.create(
      { host: target, insecure: true, mirror: false },
      { verify: false },
      { idleTimeoutMs: 5000, userAgent: 'test' },
      target,
      async () => undefined,
      cache,
    );
    endpoints.push(created);
    return created;
  };

  it('probes https then http once, then goes straight to the remembered scheme', async () => {
    const cache = new FileSchemeCache(join(dir, 'schemes.json'));
    expect((await endpoint(cache).baseUrl()).protocol).toBe('http:');
    expect(tlsAttempts).toBe(1);
    expect(new FileSchemeCache(cache.path).get(host)).toBe('http');
    expect((await endpoint(new FileSchemeCache(cache.path)).baseUrl()).protocol).toBe('http:');
    expect(tlsAttempts).toBe(1);
  });

  it('leaves the ping connection free for the next request', async () => {
    let connections = 0;
    server.on('connection', () => connections++);
    const cache = new FileSchemeCache(join(dir, 'schemes.json'));
    cache.set(host, 'http');
    const pinged = endpoint(cache);
    const base = await pinged.baseUrl();
    const next = await pinged.transport.send({ method: 'GET', url: new URL('/v2/', base) });
    next.body.resume();
    expect(next.status).toBe(200);
    expect(connections).toBe(1);
  });

  it('probes again when the remembered scheme fails to connect, and forgets a host that is gone', async () => {
    const cache = new FileSchemeCache(join(dir, 'schemes.json'));
    cache.set(host, 'https');
    expect((await endpoint(cache).baseUrl()).protocol).toBe('http:');
    expect(cache.get(host)).toBe('http');

    await new Promise((resolve) => server.close(resolve));
    await expect(endpoint(cache).baseUrl()).rejects.toBeInstanceOf(ConnectionError);
    expect(new FileSchemeCache(cache.path).get(host)).toBeUndefined();
    server.listen(0, '127.0.0.1'); // afterEach closes it
  });

  it('does not trust a remembered http answered by something that is not a registry', async () => {
    const cache = new FileSchemeCache(join(dir, 'schemes.json'));
    let otherTlsAttempts = 0;
    const other = http.createServer((_req, res) =>
      res.writeHead(400).end('Client sent an HTTP request to an HTTPS server'),
    );
    other.on('clientError', (_error, socket) => {
      otherTlsAttempts++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherHost = `127.0.0.1:${(other.address() as { port: number }).port}`;
    try {
      cache.set(otherHost, 'http');
      // The 400 sends it back to the full probe: https first (refused here), then http.
      expect((await endpoint(cache, otherHost).baseUrl()).protocol).toBe('http:');
      expect(otherTlsAttempts).toBe(1);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
