import { runCheck } from './check';
import {
  absolutePath,
  anyValue,
  boolean,
  describeType,
  int32,
  integer,
  literal,
  matching,
  nonEmptyString,
  oneOf,
  uint32,
} from './primitives';

const fails = (check: Parameters<typeof runCheck>[0], value: unknown) => () => runCheck(check, value);

describe('primitive checks', () => {
  it('accepts values of the right type', () => {
    expect(runCheck(nonEmptyString, 'x')).toBe('x');
    expect(runCheck(boolean, false)).toBe(false);
    expect(runCheck(uint32, 0xffffffff)).toBe(0xffffffff);
    expect(runCheck(literal(2), 2)).toBe(2);
    expect(runCheck(oneOf(['a', 'b'], 'letter'), 'b')).toBe('b');
    expect(runCheck(absolutePath, '/x')).toBe('/x');
    expect(runCheck(anyValue, { any: ['thing'] })).toEqual({ any: ['thing'] });
  });

  it('explains what is wrong', () => {
    expect(fails(nonEmptyString, '')).toThrow('(document): must not be empty');
    expect(fails(nonEmptyString, 5)).toThrow('must be a string, got number 5');
    expect(fails(boolean, 'true')).toThrow('must be a boolean, got string "true"');
    expect(fails(uint32, 2 ** 32)).toThrow('must be <= 4294967295, got 4294967296');
    expect(fails(int32, -(2 ** 31) - 1)).toThrow('must be >= -2147483648');
    expect(fails(integer(), 1.5)).toThrow('must be an integer, got number 1.5');
    expect(fails(literal(2), 1)).toThrow('must be 2');
    expect(fails(oneOf(['a'], 'letter'), 'z')).toThrow('unknown letter "z"');
    expect(fails(matching(/^x+$/, 'only x'), 'y')).toThrow('must be only x, got "y"');
    expect(fails(absolutePath, 'x')).toThrow('must be an absolute path, got "x"');
  });

  it('describes JSON types for messages', () => {
    expect([null, [], {}, 's', 1, true].map(describeType)).toEqual([
      'null',
      'an array',
      'an object',
      'string "s"',
      'number 1',
      'boolean true',
    ]);
  });
});
