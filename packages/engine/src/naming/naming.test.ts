import { checkName, ContainerIndex } from './container-index';
import { ID_PATTERN, newId, shortId } from './ids';
import { randomName } from './random-name';

const A = 'abc1'.padEnd(64, '1');
const B = 'abc2'.padEnd(64, '2');

describe('ids', () => {
  it('makes 64-hex ids whose short form is not all digits', () => {
    let calls = 0;
    const random = (size: number) => Buffer.alloc(size, calls++ === 0 ? 0x11 : 0xab);
    const id = newId(random);
    expect(id).toMatch(ID_PATTERN);
    expect(id.startsWith('abab')).toBe(true);
    expect(shortId(id)).toHaveLength(12);
  });
});

describe('randomName', () => {
  it('joins an adjective and a noun, with a digit after collisions', () => {
    expect(randomName(0, () => 0)).toBe('agile_anchor');
    expect(randomName(2, () => 0)).toBe('agile_anchor0');
  });
});

describe('ContainerIndex', () => {
  const index = new ContainerIndex();
  index.add(A, 'web');
  index.add(B, 'db');

  it('resolves ids, prefixes and names with or without "/"', () => {
    expect(index.resolve(A)).toBe(A);
    expect(index.resolve('abc1')).toBe(A);
    expect(index.resolve('web')).toBe(A);
    expect(index.resolve('/db')).toBe(B);
  });

  it('reports unknown and ambiguous references', () => {
    expect(() => index.resolve('nope')).toThrow('no such container: nope');
    expect(() => index.resolve('abc')).toThrow('multiple containers match "abc"');
    expect(() => index.resolve(' ')).toThrow('empty container name');
  });

  it('keeps names unique across add and rename', () => {
    expect(() => index.add('f'.repeat(64), 'web')).toThrow(
      'the container name "/web" is already in use by container "' + A + '"',
    );
    expect(() => index.rename(B, 'web')).toThrow('already in use');
    index.rename(B, 'database');
    expect(index.resolve('database')).toBe(B);
    expect(() => index.resolve('db')).toThrow('no such container');
  });

  it('picks a free random name', () => {
    const names = new ContainerIndex();
    names.add(A, 'agile_anchor');
    let n = 0;
    expect(names.freeName(() => (n++ < 4 ? 0 : 5))).toBe('agile_anchor5');
  });

  it('validates user names', () => {
    expect(checkName('/web.1')).toBe('web.1');
    expect(() => checkName('-x')).toThrow('is not a valid container name');
  });
});
