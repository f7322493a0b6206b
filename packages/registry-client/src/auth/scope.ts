/**
 * Token scopes of the Docker token spec: `repository:library/nginx:pull,push`,
 * `registry:catalog:*`. Kept as resource -> actions so scopes of one request merge cleanly.
 */
export type ScopeSet = ReadonlyMap<string, ReadonlySet<string>>;

export function repositoryScope(repository: string, ...actions: string[]): ScopeSet {
  return new Map([[`repository:${repository}`, new Set(actions)]]);
}

export const CATALOG_SCOPE: ScopeSet = new Map([['registry:catalog', new Set(['*'])]]);

/** Parses the space-separated scope list of a challenge or token request. */
export function parseScopes(text: string): ScopeSet {
  const scopes = new Map<string, Set<string>>();
  for (const item of text.split(' ')) {
    const colon = item.lastIndexOf(':');
    if (colon <= 0) continue;
    const resource = item.slice(0, colon);
    const actions = scopes.get(resource) ?? new Set<string>();
    for (const action of item.slice(colon + 1).split(',')) if (action !== '') actions.add(action);
    scopes.set(resource, actions);
  }
  return scopes;
}

export function mergeScopes(...sets: ScopeSet[]): ScopeSet {
  const merged = new Map<string, Set<string>>();
  for (const set of sets) {
    for (const [resource, actions] of set) {
      const into = merged.get(resource) ?? new Set<string>();
      for (const action of actions) into.add(action);
      merged.set(resource, into);
    }
  }
  return merged;
}

/** Whether `have` grants everything `want` asks for. */
export function coversScopes(have: ScopeSet, want: ScopeSet): boolean {
  for (const [resource, actions] of want) {
    const granted = have.get(resource);
    if (granted === undefined) return false;
    for (const action of actions) if (!granted.has(action) && !granted.has('*')) return false;
  }
  return true;
}

/** One string per resource, sorted, as the `scope` query parameters of a token request. */
export function formatScopes(scopes: ScopeSet): string[] {
  return [...scopes].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`).sort();
}
