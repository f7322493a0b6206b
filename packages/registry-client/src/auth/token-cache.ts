import { coversScopes, type ScopeSet } from './scope';

interface CachedToken {
  readonly token: string;
  readonly scopes: ScopeSet;
  readonly expiresAt: number;
}

// Renew a little before expiry so a token never lapses between lookup and use.
const EXPIRY_MARGIN_MS = 10_000;

/**
 * Bearer tokens of one token service, found by the scopes they grant: a token for
 * `repository:a:pull,push` also serves a later `repository:a:pull` request.
 */
export class TokenCache {
  private readonly tokens: CachedToken[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  get(scopes: ScopeSet): string | undefined {
    this.evictExpired();
    return this.tokens.find((entry) => coversScopes(entry.scopes, scopes))?.token;
  }

  put(token: string, scopes: ScopeSet, lifetimeSeconds: number): void {
    this.tokens.unshift({ token, scopes, expiresAt: this.now() + lifetimeSeconds * 1000 - EXPIRY_MARGIN_MS });
  }

  /** Forgets a token the registry refused, so the next request fetches a fresh one. */
  invalidate(token: string): void {
    const index = this.tokens.findIndex((entry) => entry.token === token);
    if (index >= 0) this.tokens.splice(index, 1);
  }

  private evictExpired(): void {
    const now = this.now();
    for (let i = this.tokens.length - 1; i >= 0; i--) {
      if ((this.tokens[i] as CachedToken).expiresAt <= now) this.tokens.splice(i, 1);
    }
  }
}
