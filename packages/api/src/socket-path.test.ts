import { assertUnixSocketPath, MAX_UNIX_SOCKET_PATH_BYTES, SocketPathError, unixTarget } from './socket-path';

describe('unix socket paths', () => {
  it('accepts a path of exactly the kernel limit', () => {
    const path = '/' + 'a'.repeat(MAX_UNIX_SOCKET_PATH_BYTES - 1);
    expect(unixTarget(path)).toBe(`unix:${path}`);
  });

  it('refuses a path one byte too long, naming the path and the limit', () => {
    const path = '/' + 'a'.repeat(MAX_UNIX_SOCKET_PATH_BYTES);
    expect(() => assertUnixSocketPath(path)).toThrow(SocketPathError);
    expect(() => assertUnixSocketPath(path)).toThrow(`${path} is 108 bytes long; the limit is 107`);
  });

  it('counts bytes, not characters', () => {
    const path = '/' + 'é'.repeat(60); // 121 bytes in UTF-8, 61 characters
    expect(() => assertUnixSocketPath(path)).toThrow(/121 bytes/);
  });

  it('refuses empty paths and NUL bytes with an InvalidArgument code', () => {
    expect(() => assertUnixSocketPath('')).toThrow('unix socket path is empty');
    try {
      assertUnixSocketPath('/run/a\0b');
      throw new Error('not thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(SocketPathError);
      expect((err as SocketPathError).code).toBe('InvalidArgument');
    }
  });
});
