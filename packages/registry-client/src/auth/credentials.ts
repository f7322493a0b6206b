/** What a registry accepts as proof of identity. */
export type Credentials =
  | { readonly username: string; readonly password: string }
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token server. */
  | { readonly identityToken: string; readonly username?: string };

/** Finds credentials for a registry host (`name[:port]`); undefined means anonymous. */
export type CredentialProvider = (host: string) => Promise<Credentials | undefined>;

export function basicAuthorization(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export function hasPassword(
  credentials: Credentials | undefined,
): credentials is { username: string; password: string } {
  return credentials !== undefined && 'password' in credentials;
}
