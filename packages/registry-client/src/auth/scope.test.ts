import { coversScopes, formatScopes, mergeScopes, parseScopes, repositoryScope } from './scope';

describe('scopes', () => {
  it('merges actions per resource and formats them sorted', () => {
    const merged = mergeScopes(
      repositoryScope('a/b', 'pull'),
      parseScopes('repository:a/b:push repository:c:pull'),
    );
    expect(formatScopes(merged)).toEqual(['repository:a/b:pull,push', 'repository:c:pull']);
  });

  it('tells whether one set covers another, with * granting everything', () => {
    const have = parseScopes('repository:a:pull,push registry:catalog:*');
    expect(coversScopes(have, repositoryScope('a', 'pull'))).toBe(true);
    expect(coversScopes(have, parseScopes('registry:catalog:search'))).toBe(true);
    expect(coversScopes(have, repositoryScope('b', 'pull'))).toBe(false);
    expect(coversScopes(repositoryScope('a', 'pull'), repositoryScope('a', 'push'))).toBe(false);
  });
});
