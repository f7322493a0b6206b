import { parsePasswd, resolveUser } from './user';

const passwd = [
  'root:x:0:0:root:/root:/bin/sh',
  '# comment',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'www:x:33:33:www:/var/www:/bin/false',
  'broken:x:abc:1::/:',
].join('\n');
const group = ['root:x:0:', 'daemon:x:1:', 'www-data:x:33:', 'web:x:500:www,daemon', 'audio:x:29:www'].join(
  '\n',
);

describe('resolveUser', () => {
  it('defaults to root with its home', () => {
    expect(resolveUser('', passwd, group)).toEqual({ user: { uid: 0, gid: 0 }, home: '/root' });
  });

  it('resolves names with primary and supplementary groups', () => {
    expect(resolveUser('www', passwd, group)).toEqual({
      user: { uid: 33, gid: 33, additionalGids: [500, 29] },
      home: '/var/www',
    });
  });

  it('takes numeric ids without entries', () => {
    expect(resolveUser('1000:1000', passwd, group)).toEqual({ user: { uid: 1000, gid: 1000 }, home: '/' });
    expect(resolveUser('1000', undefined, undefined)).toEqual({ user: { uid: 1000, gid: 0 }, home: '/' });
    expect(resolveUser('33', passwd, group).home).toBe('/var/www');
  });

  it('uses a given group and no supplementary groups', () => {
    expect(resolveUser('www:web', passwd, group)).toEqual({ user: { uid: 33, gid: 500 }, home: '/var/www' });
  });

  it.each([
    ['nobody', 'unable to find user nobody'],
    ['www:staff', 'unable to find group staff'],
    ['a:b:c', 'is not user[:group]'],
    [':1', 'is not user[:group]'],
    ['4294967295', 'out of range'],
  ])('rejects %j', (spec, message) => {
    expect(() => resolveUser(spec, passwd, group)).toThrow(message);
  });

  it('skips malformed passwd lines', () => {
    expect(parsePasswd(passwd).map((u) => u.name)).toEqual(['root', 'daemon', 'www']);
  });
});
