import { repositoryScope } from './scope';
import { TokenCache } from './token-cache';

describe('TokenCache', () => {
  it('serves a token for any scope it covers until it expires', () => {
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    cache.put('t1', repositoryScope('a', 'pull', 'push'), 60);
    expect(cache.get(repositoryScope('a', 'pull'))).toBe('t1');
    expect(cache.get(repositoryScope('b', 'pull'))).toBeUndefined();
    now += 55_000;
    expect(cache.get(repositoryScope('a', 'pull'))).toBeUndefined();
  });

  it('forgets an invalidated token', () => {
    const cache = new TokenCache();
    cache.put('t1', repositoryScope('a', 'pull'), 300);
    cache.invalidate('t1');
    expect(cache.get(repositoryScope('a', 'pull'))).toBeUndefined();
  });
});
