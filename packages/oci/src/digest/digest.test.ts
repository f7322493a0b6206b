import { InvalidDigestError } from '../errors';
import { digestAlgorithm, digestOf, encodedHex, isDigest, parseDigest } from './digest';

const EMPTY_SHA256 = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('digests', () => {
  it('computes sha256 and sha512 digests of buffers and strings', () => {
    expect(digestOf('')).toBe(EMPTY_SHA256);
    expect(digestOf(Buffer.from('abc'))).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(digestOf('abc', 'sha512')).toMatch(/^sha512:ddaf35a193617aba[0-9a-f]{112}$/);
  });

  it('parses a valid digest into its parts', () => {
    expect(parseDigest(EMPTY_SHA256)).toEqual({
      algorithm: 'sha256',
      encoded: EMPTY_SHA256.slice(7),
      digest: EMPTY_SHA256,
    });
    expect(encodedHex(EMPTY_SHA256)).toBe(EMPTY_SHA256.slice(7));
    expect(digestAlgorithm(digestOf('x', 'sha512'))).toBe('sha512');
  });

  it.each([
    ['e3b0c442', 'missing algorithm prefix'],
    ['md5:d41d8cd98f00b204e9800998ecf8427e', 'unsupported algorithm "md5"'],
    ['sha256:xyz', 'sha256 value must be hexadecimal'],
    ['sha256:abc', 'sha256 hex must be 64 characters, got 3'],
    [EMPTY_SHA256.toUpperCase().replace('SHA256', 'sha256'), 'sha256 hex must be lowercase'],
    ['sha256:', 'encoded part is empty'],
    ['SHA256:' + EMPTY_SHA256.slice(7), 'malformed algorithm "SHA256"'],
  ])('refuses %s saying why', (input, why) => {
    expect(() => parseDigest(input)).toThrow(InvalidDigestError);
    expect(() => parseDigest(input)).toThrow(`invalid digest ${JSON.stringify(input)}: ${why}`);
    expect(isDigest(input)).toBe(false);
  });

  it('refuses an unsupported algorithm when hashing', () => {
    expect(() => digestOf('x', 'md5' as never)).toThrow('unsupported digest algorithm "md5"');
  });
});
