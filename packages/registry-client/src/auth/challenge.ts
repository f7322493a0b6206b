/** One challenge of a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"`. */
export interface AuthChallenge {
  /** Lowercased: `basic`, `bearer`. */
  readonly scheme: string;
  /** Parameter names lowercased, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/**
 * Parses a WWW-Authenticate header (RFC 7235): one or more challenges, each a scheme followed by
 * comma-separated `name=value` or `name="quoted value"` parameters. Unparseable tails are ignored
 * rather than failing the request: the scheme alone is often enough.
 */
export function parseChallenges(header: string | readonly string[] | undefined): AuthChallenge[] {
  if (header === undefined) return [];
  const text = typeof header === 'string' ? header : header.join(', ');
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) break;
    rest = rest.slice(name.length).replace(/^\s+/, '');
    if (rest.startsWith('=')) {
      // A parameter of the current challenge.
      rest = rest.slice(1).replace(/^\s+/, '');
      const { value, remaining } = readValue(rest);
      rest = remaining;
      const current = challenges.at(-1);
      if (current !== undefined) current.params[name.toLowerCase()] = value;
    } else {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
    }
  }
  return challenges;
}

function readValue(input: string): { value: string; remaining: string } {
  if (!input.startsWith('"')) {
    const value = TOKEN.exec(input)?.[0] ?? '';
    return { value, remaining: input.slice(value.length) };
  }
  let value = '';
  for (let i = 1; i < input.length; i++) {
    const char = input[i];
    if (char === '\\' && i + 1 < input.length) {
      value += input[++i];
    } else if (char === '"') {
      return { value, remaining: input.slice(i + 1) };
    } else {
      value += char;
    }
  }
  return { value, remaining: '' };
}
