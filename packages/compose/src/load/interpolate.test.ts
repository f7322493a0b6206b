import { InterpolationProblem, interpolate } from './interpolate';

const vars: Record<string, string> = { NAME: 'web', EMPTY: '', PORT: '8080' };
const lookup = (name: string) => vars[name];

describe('interpolate', () => {
  it.each([
    ['$NAME', 'web'],
    ['${NAME}', 'web'],
    ['pre-${NAME}-post', 'pre-web-post'],
    ['${MISSING}', ''],
    ['${MISSING:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${MISSING-dflt}', 'dflt'],
    ['${NAME:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${MISSING:-${PORT}}', '8080'],
    ['$$NAME', '$NAME'],
    ['cost: 5$', 'cost: 5$'],
    ['${NAME:?must be set}', 'web'],
  ])('%s -> %s', (input, expected) => {
    expect(interpolate(input, lookup)).toBe(expected);
  });

  it('reports a required variable with its message', () => {
    expect(() => interpolate('${DB_PASSWORD:?set it in .env}', lookup)).toThrow(
      'required variable DB_PASSWORD is missing a value: set it in .env',
    );
    expect(() => interpolate('${EMPTY?}', lookup)).not.toThrow();
    expect(() => interpolate('${EMPTY:?}', lookup)).toThrow(InterpolationProblem);
  });

  it('rejects malformed references', () => {
    expect(() => interpolate('${NAME', lookup)).toThrow('missing "}"');
    expect(() => interpolate('${1X}', lookup)).toThrow('bad variable name');
    expect(() => interpolate('${NAME%x}', lookup)).toThrow('unexpected "%x"');
  });
});
