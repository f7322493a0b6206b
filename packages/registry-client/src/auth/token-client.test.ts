import { parseTokenResponse } from './token-client';

describe('parseTokenResponse', () => {
  it('reads token or access_token and the lifetime, defaulting to 60 s', () => {
    expect(parseTokenResponse('{"token":"t","expires_in":300}')).toEqual({ token: 't', expiresIn: 300 });
    expect(parseTokenResponse('{"access_token":"a"}')).toEqual({ token: 'a', expiresIn: 60 });
  });

  it('refuses responses without a token', () => {
    expect(() => parseTokenResponse('{}')).toThrow(/no token/);
    expect(() => parseTokenResponse('<html>')).toThrow(/not JSON/);
  });
});
