import { parseChallenges } from './challenge';

describe('parseChallenges', () => {
  it('reads a bearer challenge with quoted parameters', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull,push',
        },
      },
    ]);
  });

  it('reads several challenges, unquoted values and escapes', () => {
    expect(parseChallenges(['Basic realm="a \\"b\\""', 'Bearer realm=x, error=insufficient_scope'])).toEqual([
      { scheme: 'basic', params: { realm: 'a "b"' } },
      { scheme: 'bearer', params: { realm: 'x', error: 'insufficient_scope' } },
    ]);
  });

  it('returns nothing for a missing header', () => {
    expect(parseChallenges(undefined)).toEqual([]);
  });
});
