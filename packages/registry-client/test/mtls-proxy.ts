import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

export interface MtlsProxy {
  readonly host: string;
  /** CA that signed both the server and the client certificate. */
  readonly caPath: string;
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
  /** Subjects of the client certificates seen, per request. */
  readonly clients: string[];
  stop(): Promise<void>;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/**
 * An HTTPS front for a plain test registry that requires a client certificate signed by its
 * own CA (mutual TLS), for testing certs.d client certificates. Certificates are made with
 * openssl in `dir`.
 */
export async function startMtlsProxy(upstreamHost: string, dir: string): Promise<MtlsProxy> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    dir,
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=berth-test-ca',
  );
  const sign = (name: string, subject: string, extension: string): void => {
    openssl(dir, 'req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    execFileSync('sh', ['-c', `printf '%s\\n' '${extension}' > ${name}.ext`], { cwd: dir });
    openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
  sign('client', '/CN=berth-test-client', 'extendedKeyUsage=clientAuth');
  const clients: string[] = [];
  const [upstreamName, upstreamPort] = upstreamHost.split(':') as [string, string];
  const server: Server = createServer(
    {
      key: readFileSync(join(dir, 'server.key')),
      cert: readFileSync(join(dir, 'server.crt')),
      ca: readFileSync(join(dir, 'ca.crt')),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      clients.push(String(peer.subject?.CN));
      const upstream = request(
        {
          host: upstreamName,
          port: Number(upstreamPort),
          method: req.method,
          path: req.url,
          // Like any TLS-terminating proxy: the registry builds its Location URLs from this.
          headers: { ...req.headers, 'x-forwarded-proto': 'https' },
        },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    caPath: join(dir, 'ca.crt'),
    clientCertPath: join(dir, 'client.crt'),
    clientKeyPath: join(dir, 'client.key'),
    clients,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
