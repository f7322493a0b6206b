import type { ScopeSet } from '../auth/scope';
import { ProtocolError } from '../errors';
import { readBody } from '../transport/http-transport';
import type { RegistryHost } from './registry-host';

const MAX_PAGE_BYTES = 16 * 1024 * 1024;
// A registry whose Link chain loops would otherwise be followed forever.
const MAX_PAGES = 10_000;

/** The `rel="next"` target of a Link header (RFC 8288), or undefined on the last page. */
export function nextLink(header: string | string[] | undefined): string | undefined {
  const text = Array.isArray(header) ? header.join(', ') : header;
  if (text === undefined) return undefined;
  for (const part of text.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?next"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

/** GETs a paginated listing, following Link headers, and returns each page's parsed JSON. */
export async function* paginate(
  host: RegistryHost,
  firstPath: string,
  scopes: ScopeSet,
): AsyncGenerator<unknown> {
  let path: string | undefined = firstPath;
  for (let page = 0; path !== undefined; page++) {
    if (page >= MAX_PAGES) throw new ProtocolError(`${firstPath}: more than ${MAX_PAGES} pages`);
    const response = await host.request({
      method: 'GET',
      path,
      scopes,
      headers: { Accept: 'application/json' },
      expect: [200],
    });
    const body = await readBody(response.body, MAX_PAGE_BYTES);
    try {
      yield JSON.parse(body.toString('utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) throw new ProtocolError(`${path}: response is not JSON`);
      throw error;
    }
    path = nextLink(response.headers.link);
  }
}
