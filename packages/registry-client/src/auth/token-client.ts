import { AuthenticationError } from '../errors';
import { responseError } from '../registry/error-response';
import { readBody, type HttpTransport } from '../transport/http-transport';
import type { AuthChallenge } from './challenge';
import { basicAuthorization, hasPassword, type Credentials } from './credentials';
import { formatScopes, type ScopeSet } from './scope';

export interface IssuedToken {
  readonly token: string;
  /** Seconds the token is valid. */
  readonly expiresIn: number;
}

// The token spec's default when the server does not say.
const DEFAULT_TOKEN_LIFETIME_S = 60;
const MAX_TOKEN_RESPONSE = 1024 * 1024;
const CLIENT_ID = 'berth-registry';

/**
 * Asks the token server named by a Bearer challenge for a token (Docker token spec): GET with
 * Basic credentials or anonymously, or the OAuth2 POST flow with an identity (refresh) token.
 */
export async function fetchToken(
  transport: HttpTransport,
  challenge: AuthChallenge,
  scopes: ScopeSet,
  credentials: Credentials | undefined,
): Promise<IssuedToken> {
  const realm = challenge.params.realm;
  if (realm === undefined)
    throw new AuthenticationError('bearer challenge has no realm', 'INVALID_CHALLENGE');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new AuthenticationError(
      `bearer challenge realm ${JSON.stringify(realm)} is not a URL`,
      'INVALID_CHALLENGE',
    );
  }
  const service = challenge.params.service;
  const scopeList = formatScopes(scopes);
  const response =
    credentials !== undefined && 'identityToken' in credentials
      ? await transport.send({
          method: 'POST',
          url,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: Buffer.from(
            new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: credentials.identityToken,
              client_id: CLIENT_ID,
              ...(service === undefined ? {} : { service }),
              ...(scopeList.length > 0 ? { scope: scopeList.join(' ') } : {}),
            }).toString(),
          ),
        })
      : await transport.send({
          method: 'GET',
          url: withQuery(url, service, scopeList),
          headers: hasPassword(credentials) ? { Authorization: basicAuthorization(credentials) } : {},
        });
  const body = (await readBody(response.body, MAX_TOKEN_RESPONSE)).toString('utf8');
  if (response.status !== 200) {
    const cause = responseError(response.status, `token request to ${url.origin}${url.pathname}`, body);
    throw new AuthenticationError(cause.message, cause.reason, cause);
  }
  return parseTokenResponse(body);
}

function withQuery(realm: URL, service: string | undefined, scopes: string[]): URL {
  const url = new URL(realm);
  if (service !== undefined) url.searchParams.set('service', service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  return url;
}

export function parseTokenResponse(body: string): IssuedToken {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new AuthenticationError(
      'token server answered with something that is not JSON',
      'INVALID_TOKEN_RESPONSE',
    );
  }
  const record = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const token = record.token ?? record.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new AuthenticationError('token server response has no token', 'INVALID_TOKEN_RESPONSE');
  }
  const expiresIn =
    typeof record.expires_in === 'number' && record.expires_in > 0
      ? record.expires_in
      : DEFAULT_TOKEN_LIFETIME_S;
  return { token, expiresIn };
}
