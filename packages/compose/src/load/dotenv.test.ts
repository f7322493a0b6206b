import { parseDotenv } from './dotenv';

describe('parseDotenv', () => {
  it('reads the forms docker compose accepts', () => {
    const entries = parseDotenv(
      [
        '# comment',
        'A=1',
        'export B=two words',
        "C='literal $x \\n'",
        'D="line\\nbreak \\"q\\""',
        'E=value # trailing comment',
        'F',
        'G=',
        '',
      ].join('\n'),
      '.env',
    );
    expect(Object.fromEntries(entries)).toEqual({
      A: '1',
      B: 'two words',
      C: 'literal $x \\n',
      D: 'line\nbreak "q"',
      E: 'value',
      F: undefined,
      G: '',
    });
  });

  it('names the file and line of a bad entry', () => {
    expect(() => parseDotenv('A=1\n9BAD=2\n', '.env')).toThrow('.env: invalid variable name "9BAD" (line 2)');
    expect(() => parseDotenv('A="open\n', '.env')).toThrow('.env: unterminated " quote (line 1)');
  });
});
