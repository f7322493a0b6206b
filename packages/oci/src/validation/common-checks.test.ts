import { runCheck } from './check';
import { envEntry, mediaTypeString, rfc3339Date, stringMap, urlString } from './common-checks';
import { digestString } from './digest-check';

describe('common checks', () => {
  it('accepts media types, dates, URLs, env entries and string maps', () => {
    expect(runCheck(mediaTypeString, 'application/vnd.oci.image.manifest.v1+json')).toBeDefined();
    expect(runCheck(rfc3339Date, '2026-11-23T14:00:00+01:00')).toBeDefined();
    expect(runCheck(rfc3339Date, '2026-11-23T14:00:00.5Z')).toBeDefined();
    expect(runCheck(urlString, 'https://registry.example/v2/')).toBeDefined();
    expect(runCheck(envEntry, 'A=')).toBe('A=');
    expect(runCheck(stringMap, { a: 'b' })).toEqual({ a: 'b' });
  });

  it('refuses malformed values', () => {
    expect(() => runCheck(mediaTypeString, 'json')).toThrow('must be a media type');
    expect(() => runCheck(rfc3339Date, '2026-11-23')).toThrow('must be an RFC 3339 date-time');
    expect(() => runCheck(rfc3339Date, '2026-13-45T99:00:00Z')).toThrow('must be an RFC 3339 date-time');
    expect(() => runCheck(urlString, 'not a url')).toThrow('must be a URL');
    expect(() => runCheck(envEntry, 'A')).toThrow(`environment entry "A" has no '='`);
    expect(() => runCheck(digestString, 'sha256:abc')).toThrow(
      '(document): invalid digest "sha256:abc": sha256 hex must be 64 characters, got 3',
    );
  });
});
