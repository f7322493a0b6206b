import { execFileSync } from 'node:child_process';
import { createSign, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One request the token server answered, for assertions. */
export interface TokenRequest {
  readonly user: string | undefined;
  readonly scopes: readonly string[];
}

export interface TokenServer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate the registry trusts for token signatures (its rootcertbundle). */
  readonly certPath: string;
  readonly requests: TokenRequest[];
  stop(): Promise<void>;
}

const SERVICE = 'berth-test-registry';
const ISSUER = 'berth-test-token-server';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * A token server for tests, implementing the Docker token spec: GET ?service&scope with optional
 * Basic auth, answering an ES256 JWT with an `access` claim the distribution registry checks
 * against the x5c certificate. The user `user`/`password` gets every action asked for;
 * anonymous callers get only `pull` on repositories under `public/`.
 */
export async function startTokenServer(
  dir: string,
  user: { user: string; password: string },
): Promise<TokenServer> {
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=berth-test-token',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(keyPath);
  const certDer = readFileSync(certPath, 'utf8').replace(/-----[^-]+-----|\s/g, '');
  const requests: TokenRequest[] = [];

  const sign = (subject: string, access: { type: string; name: string; actions: string[] }[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', x5c: [certDer] }));
    const claims = base64url(
      JSON.stringify({
        iss: ISSUER,
        sub: subject,
        aud: SERVICE,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      }),
    );
    const signature = createSign('SHA256')
      .update(`${header}.${claims}`)
      .sign({ key, dsaEncoding: 'ieee-p1363' });
    return `${header}.${claims}.${base64url(signature)}`;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    const authorization = req.headers.authorization;
    let subject: string | undefined;
    if (authorization !== undefined) {
      const [name, password] = Buffer.from(authorization.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':');
      if (name !== user.user || password !== user.password) {
        res
          .writeHead(401, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
        return;
      }
      subject = name;
    }
    const scopes = url.searchParams.getAll('scope');
    requests.push({ user: subject, scopes });
    const access = scopes.flatMap((scope) => {
      const [type = '', name = '', actions = ''] = [
        scope.slice(0, scope.indexOf(':')),
        scope.slice(scope.indexOf(':') + 1, scope.lastIndexOf(':')),
        scope.slice(scope.lastIndexOf(':') + 1),
      ];
      const granted =
        subject !== undefined
          ? actions.split(',')
          : name.startsWith('public/')
            ? actions.split(',').filter((a) => a === 'pull')
            : [];
      return granted.length === 0 ? [] : [{ type, name, actions: granted }];
    });
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ token: sign(subject ?? '', access), expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service: SERVICE,
    issuer: ISSUER,
    certPath,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
