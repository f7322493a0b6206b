import { decodePaxRecords, entryXattrs } from './tar-reader';

function record(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

describe('PAX records', () => {
  it('keeps binary xattr values byte-exact and other values as UTF-8', () => {
    const capability = Buffer.from([0x01, 0x00, 0x00, 0x02, 0x80, 0xff, 0x00, 0x20]);
    const pax = decodePaxRecords(
      Buffer.concat([
        record('path', Buffer.from('données/ファイル')),
        record('SCHILY.xattr.security.capability', capability),
        record('SCHILY.xattr.user.note', Buffer.from('with = sign')),
      ]),
    );
    expect(pax.path).toBe('données/ファイル');
    const xattrs = entryXattrs(pax);
    expect(xattrs.get('security.capability')).toEqual(capability);
    expect(xattrs.get('user.note')?.toString()).toBe('with = sign');
  });

  it('stops at a malformed record instead of reading past it', () => {
    expect(decodePaxRecords(Buffer.from('99 path=x\n'))).toEqual({});
    expect(decodePaxRecords(Buffer.from('garbage'))).toEqual({});
  });
});
