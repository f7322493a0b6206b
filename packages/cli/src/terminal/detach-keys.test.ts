import { DetachKeyFilter, parseDetachKeys } from './detach-keys';

describe('detach keys', () => {
  it("parses docker's syntax", () => {
    expect([...parseDetachKeys('ctrl-p,ctrl-q')]).toEqual([0x10, 0x11]);
    expect([...parseDetachKeys('ctrl-@,a,ctrl-[')]).toEqual([0, 0x61, 0x1b]);
    expect(() => parseDetachKeys('ctrl-pq')).toThrow('invalid detach keys "ctrl-pq"');
  });

  it('holds a possible start back, detaches on the whole sequence, and releases a broken one', () => {
    const filter = new DetachKeyFilter(parseDetachKeys('ctrl-p,ctrl-q'));
    expect(filter.filter(Buffer.from('ls\x10'))).toEqual({ forward: Buffer.from('ls'), detach: false });
    expect(filter.filter(Buffer.from('x'))).toEqual({ forward: Buffer.from('\x10x'), detach: false });
    expect(filter.filter(Buffer.from('\x10\x10'))).toEqual({ forward: Buffer.from('\x10'), detach: false });
    expect(filter.filter(Buffer.from('\x11rest'))).toEqual({ forward: Buffer.alloc(0), detach: true });
  });
});
