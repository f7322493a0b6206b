import { DetachScanner, parseDetachKeys } from './detach-keys';

describe('detach keys', () => {
  it('parses docker syntax', () => {
    expect([...parseDetachKeys('ctrl-p,ctrl-q')]).toEqual([16, 17]);
    expect([...parseDetachKeys('a,ctrl-@,ctrl-_')]).toEqual([97, 0, 31]);
    expect(parseDetachKeys('')).toHaveLength(0);
    expect(() => parseDetachKeys('ctrl-1')).toThrow('unknown key "ctrl-1"');
  });

  it('detaches on the sequence across chunks and forwards everything else', () => {
    const scanner = new DetachScanner(parseDetachKeys('ctrl-p,ctrl-q'));
    expect(scanner.scan(Buffer.from('ab\x10'))).toEqual({ forward: Buffer.from('ab'), detach: false });
    expect(scanner.scan(Buffer.from('x'))).toEqual({ forward: Buffer.from('\x10x'), detach: false });
    expect(scanner.scan(Buffer.from('\x10\x10'))).toEqual({ forward: Buffer.from('\x10'), detach: false });
    expect(scanner.scan(Buffer.from('\x11rest'))).toEqual({ forward: Buffer.from(''), detach: true });
  });

  it('never detaches when disabled', () => {
    expect(new DetachScanner(parseDetachKeys('')).scan(Buffer.from('\x10\x11'))).toEqual({
      forward: Buffer.from('\x10\x11'),
      detach: false,
    });
  });
});
