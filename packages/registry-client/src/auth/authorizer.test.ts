import { HttpTransport } from '../transport/http-transport';
import { Authorizer } from './authorizer';
import { formatScopes, repositoryScope } from './scope';

describe('Authorizer.retryScopes', () => {
  const transport = new HttpTransport({ verify: true }, { idleTimeoutMs: 1000, userAgent: 'test' });
  afterAll(() => transport.close());
  const authorizer = (): Authorizer => new Authorizer('registry.test', transport, async () => undefined);

  it('retries once after learning the scheme from the first challenge', () => {
    const auth = authorizer();
    const scopes = repositoryScope('a', 'pull');
    const retry = auth.retryScopes('Bearer realm="https://auth.test/token",service="s"', scopes, undefined);
    expect(retry && formatScopes(retry)).toEqual(['repository:a:pull']);
  });

  it('widens the scope on insufficient_scope', () => {
    const auth = authorizer();
    auth.learn('Bearer realm="https://auth.test/token"');
    const retry = auth.retryScopes(
      'Bearer realm="https://auth.test/token",error="insufficient_scope",scope="repository:a:pull,push repository:b:pull"',
      repositoryScope('a', 'pull'),
      'Bearer old-token',
    );
    expect(retry && formatScopes(retry)).toEqual(['repository:a:pull,push', 'repository:b:pull']);
  });

  it('gives up when Basic credentials were refused under the same challenge', () => {
    const auth = authorizer();
    auth.learn('Basic realm="r"');
    expect(auth.retryScopes('Basic realm="r"', repositoryScope('a', 'pull'), 'Basic dTpw')).toBeUndefined();
  });
});
