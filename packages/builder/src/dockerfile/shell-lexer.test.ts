import { ShellLexer, SubstitutionError, splitWordsKeepingQuotes } from './shell-lexer';

const vars: Record<string, string> = { FOO: '/bar', EMPTY: '', SPACED: 'a b', name: 'x' };
const lexer = (escape = '\\') => new ShellLexer(escape, (name) => vars[name]);

describe('ShellLexer.processWord', () => {
  it.each([
    ['$FOO', '/bar'],
    ['${FOO}_baz', '/bar_baz'],
    ['$FOO_baz', ''],
    ['${UNSET:-def}', 'def'],
    ['${EMPTY:-def}', 'def'],
    ['${EMPTY-def}', ''],
    ['${UNSET-def}', 'def'],
    ['${FOO:+alt}', 'alt'],
    ['${UNSET:+alt}', ''],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET:-$FOO/x}', '/bar/x'],
    ['\\$FOO', '$FOO'],
    ['\\${FOO}', '${FOO}'],
    ["'$FOO'", '$FOO'],
    ['"$FOO"', '/bar'],
    ['"a \\"q\\" b"', 'a "q" b'],
    ['"keep \\n"', 'keep \\n'],
    ['a$', 'a$'],
    ['$1', '$1'],
    ['"${SPACED}"', 'a b'],
  ])('%s -> %s', (input, expected) => {
    expect(lexer().processWord(input)).toBe(expected);
  });

  it('uses the backtick as escape when told to', () => {
    expect(lexer('`').processWord('`$FOO c:\\dir')).toBe('$FOO c:\\dir');
  });

  it('fails on :? with the message and on bad substitutions', () => {
    expect(() => lexer().processWord('${UNSET:?must be set}')).toThrow('UNSET: must be set');
    expect(() => lexer().processWord('${FOO')).toThrow(SubstitutionError);
    expect(() => lexer().processWord('${}')).toThrow('bad substitution');
    expect(() => lexer().processWord('"open')).toThrow('double-quote');
    expect(() => lexer().processWord('${FOO/a/b}')).toThrow('unsupported modifier');
  });
});

describe('ShellLexer.processWords', () => {
  it('splits on unquoted whitespace, including inside unquoted expansions', () => {
    expect(lexer().processWords('a "b c" $SPACED "$SPACED" \'\'')).toEqual(['a', 'b c', 'a', 'b', 'a b', '']);
  });
});

describe('splitWordsKeepingQuotes', () => {
  it('keeps quotes and escapes', () => {
    expect(splitWordsKeepingQuotes('a="b c" d=e\\ f  g', '\\')).toEqual(['a="b c"', 'd=e\\ f', 'g']);
  });
});
