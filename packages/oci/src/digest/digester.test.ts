import { digestOf } from './digest';
import { createDigester } from './digester';

describe('createDigester', () => {
  it('hashes content fed in pieces like the whole', () => {
    const digester = createDigester();
    digester.update('hello ').update(Buffer.from('world'));
    expect(digester.size).toBe(11);
    expect(digester.digest()).toBe(digestOf('hello world'));
    expect(digester.digest()).toBe(digestOf('hello world'));
  });

  it('supports sha512 and refuses updates after finishing', () => {
    const digester = createDigester('sha512');
    digester.update(new Uint8Array([1, 2, 3]));
    expect(digester.digest()).toBe(digestOf(Buffer.from([1, 2, 3]), 'sha512'));
    expect(() => digester.update('more')).toThrow('update() after digest()');
  });

  it('counts multi-byte strings in bytes', () => {
    expect(createDigester().update('é').size).toBe(2);
  });
});
