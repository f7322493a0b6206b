import { entryPathComponents } from './entry-path';

describe('entryPathComponents', () => {
  it.each([
    ['etc/passwd', ['etc', 'passwd']],
    ['./etc//passwd', ['etc', 'passwd']],
    ['usr/bin/', ['usr', 'bin']],
    ['./', []],
    ['a/./b', ['a', 'b']],
    ['.wh..wh..opq', ['.wh..wh..opq']],
    ['..hidden/x', ['..hidden', 'x']],
  ])('%s', (name, components) => {
    expect(entryPathComponents(name)).toEqual(components);
  });

  it.each([
    ['../x', /contains "\.\."/],
    ['a/../../x', /contains "\.\."/],
    ['a/..', /contains "\.\."/],
    ['/etc/passwd', /is absolute/],
    ['a\0b', /NUL/],
  ])('refuses %j', (name, message) => {
    expect(() => entryPathComponents(name)).toThrow(message);
    expect(() => entryPathComponents(name)).toThrow(
      expect.objectContaining({ reason: 'UNSAFE_LAYER_ENTRY' }),
    );
  });
});
