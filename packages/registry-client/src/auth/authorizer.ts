import type { HttpTransport } from '../transport/http-transport';
import { parseChallenges, type AuthChallenge } from './challenge';
import { basicAuthorization, hasPassword, type CredentialProvider, type Credentials } from './credentials';
import { formatScopes, mergeScopes, parseScopes, type ScopeSet } from './scope';
import { TokenCache } from './token-cache';
import { fetchToken } from './token-client';

/**
 * Authorization for one registry endpoint: learns the auth scheme from the registry's
 * challenges, then answers Basic credentials or Bearer tokens (cached by scope, fetched once
 * for concurrent callers) for each request's scopes.
 */
export class Authorizer {
  private challenge: AuthChallenge | undefined;
  private readonly tokens = new TokenCache();
  private readonly pending = new Map<string, Promise<string>>();
  private credentials: Promise<Credentials | undefined> | undefined;

  constructor(
    /** The host credentials are stored under (the reference's domain). */
    private readonly credentialHost: string,
    private readonly transport: HttpTransport,
    private readonly credentialProvider: CredentialProvider,
  ) {}

  /** Takes the challenge of a 401 (from the ping or a request); Bearer wins over Basic. */
  learn(header: string | string[] | undefined): AuthChallenge | undefined {
    const challenges = parseChallenges(header);
    const chosen =
      challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (chosen !== undefined) this.challenge = chosen;
    return chosen;
  }

  /** The Authorization header value for a request needing `scopes`, or undefined when anonymous. */
  async authorization(scopes: ScopeSet): Promise<string | undefined> {
    const challenge = this.challenge;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') {
      const credentials = await this.lookupCredentials();
      return hasPassword(credentials) ? basicAuthorization(credentials) : undefined;
    }
    if (challenge.scheme !== 'bearer') return undefined;
    return `Bearer ${await this.token(challenge, scopes)}`;
  }

  /**
   * Handles a 401/403 of a request made with `authorization` for `scopes`: forgets a refused
   * token and returns the scopes to retry with (wider when the registry says insufficient_scope),
   * or undefined when retrying cannot help.
   */
  retryScopes(
    header: string | string[] | undefined,
    scopes: ScopeSet,
    authorization: string | undefined,
  ): ScopeSet | undefined {
    const before = this.challenge;
    const challenge = this.learn(header);
    if (authorization?.startsWith('Bearer ')) this.tokens.invalidate(authorization.slice('Bearer '.length));
    if (challenge === undefined) return undefined;
    const wanted =
      challenge.params.scope === undefined
        ? scopes
        : mergeScopes(scopes, parseScopes(challenge.params.scope));
    const firstChallenge = before === undefined || before.scheme !== challenge.scheme;
    const widened = formatScopes(wanted).join(' ') !== formatScopes(scopes).join(' ');
    if (firstChallenge || widened) return wanted;
    // Same challenge again: only a Bearer token that may have lapsed is worth one more try.
    return authorization?.startsWith('Bearer ') ? wanted : undefined;
  }

  private token(challenge: AuthChallenge, scopes: ScopeSet): Promise<string> {
    const cached = this.tokens.get(scopes);
    if (cached !== undefined) return Promise.resolve(cached);
    const key = formatScopes(scopes).join(' ');
    let pending = this.pending.get(key);
    if (pending === undefined) {
      pending = (async () => {
        const issued = await fetchToken(this.transport, challenge, scopes, await this.lookupCredentials());
        this.tokens.put(issued.token, scopes, issued.expiresIn);
        return issued.token;
      })().finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private lookupCredentials(): Promise<Credentials | undefined> {
    // Looked up once per endpoint; a failed lookup (a broken helper) is tried again next time.
    this.credentials ??= this.credentialProvider(this.credentialHost).catch((error: unknown) => {
      this.credentials = undefined;
      throw error;
    });
    return this.credentials;
  }
}
