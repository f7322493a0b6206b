import { DockerfileError } from '../errors';
import { parseDockerfile } from './parse';

const parse = (text: string) => parseDockerfile(text).instructions;
const errorOf = (text: string): string => {
  try {
    parseDockerfile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DockerfileError);
    return (error as Error).message;
  }
  throw new Error('expected a parse error');
};

describe('parseDockerfile: lines', () => {
  it('drops comments, joins continuations (also across comments and blank lines) and keeps start lines', () => {
    const [from, run] = parse(
      '# comment\nFROM busybox\n\nRUN echo a \\\n# inner comment\n\n    b \\  \n  c\n',
    );
    expect(from).toMatchObject({ kind: 'FROM', image: 'busybox', line: 2 });
    expect(run).toMatchObject({
      kind: 'RUN',
      line: 4,
      command: { form: 'shell', command: 'echo a     b   c' },
    });
  });

  it('reads parser directives only at the top, case-insensitively', () => {
    const file = parseDockerfile(
      '# syntax=docker/dockerfile:1\n#ESCAPE = `\nFROM busybox\nRUN dir c:\\ `\n  && echo\n',
    );
    expect(file.directives).toEqual({ escape: '`', syntax: 'docker/dockerfile:1' });
    expect(file.instructions[1]).toMatchObject({ command: { command: 'dir c:\\   && echo' } });
    const late = parseDockerfile('# a comment\n# escape=`\nFROM busybox\nRUN a \\\n b\n');
    expect(late.directives.escape).toBe('\\');
    expect(late.instructions[1]).toMatchObject({ command: { command: 'a  b' } });
  });

  it('rejects repeated and invalid directives', () => {
    expect(errorOf('# escape=`\n# escape=\\\nFROM a\n')).toBe(
      'Dockerfile:2: only one escape parser directive can be used',
    );
    expect(errorOf('# escape=x\nFROM a\n')).toMatch(/^Dockerfile:1: invalid escape token/);
  });

  it('reads heredocs, with <<- stripping tabs and quoted delimiters disabling expansion', () => {
    const [, run, copy] = parse(
      'FROM a\nRUN <<EOF\necho one\necho two\nEOF\nCOPY <<-"FILE" /dest\n\tline $X\n\tFILE\nCMD ["x"]\n',
    );
    expect(run).toMatchObject({
      kind: 'RUN',
      line: 2,
      heredocs: [{ name: 'EOF', content: 'echo one\necho two\n', expand: true }],
    });
    expect(copy).toMatchObject({
      kind: 'COPY',
      sources: ['<<-"FILE"'],
      dest: '/dest',
      heredocs: [{ name: 'FILE', content: 'line $X\n', expand: false, chomp: true }],
    });
  });

  it('reports an unterminated heredoc at its instruction', () => {
    expect(errorOf('FROM a\nRUN <<EOF\necho\n')).toBe('Dockerfile:2: RUN: unterminated heredoc EOF');
  });
});

describe('parseDockerfile: instructions', () => {
  it('parses FROM with stage names, platform and args before it', () => {
    const [arg, from] = parse('ARG BASE=busybox\nFROM --platform=linux/amd64 ${BASE}:1 AS Build\n');
    expect(arg).toMatchObject({ kind: 'ARG', args: [{ name: 'BASE', defaultValue: 'busybox' }] });
    expect(from).toMatchObject({ image: '${BASE}:1', stageName: 'build', platform: 'linux/amd64' });
  });

  it('tells exec from shell forms', () => {
    const [, cmd, entry, run] = parse('FROM a\nCMD ["sh", "-c", "x"]\nENTRYPOINT echo hi\nRUN [ -f /x ]\n');
    expect(cmd).toMatchObject({ command: { form: 'exec', args: ['sh', '-c', 'x'] } });
    expect(entry).toMatchObject({ command: { form: 'shell', command: 'echo hi' } });
    expect(run).toMatchObject({ command: { form: 'shell', command: '[ -f /x ]' } });
  });

  it('parses ENV and LABEL in both forms', () => {
    const [, env1, env2, label] = parse(
      'FROM a\nENV A=1 B="two words" C=x\\ y\nENV LEGACY value with spaces\nLABEL "k.1"=v\n',
    );
    expect(env1).toMatchObject({
      pairs: [
        ['A', '1'],
        ['B', '"two words"'],
        ['C', 'x\\ y'],
      ],
    });
    expect(env2).toMatchObject({ pairs: [['LEGACY', 'value with spaces']] });
    expect(label).toMatchObject({ kind: 'LABEL', pairs: [['"k.1"', 'v']] });
  });

  it('parses COPY/ADD flags and sources', () => {
    const [, copy, add] = parse(
      'FROM a\nCOPY --from=build --chown=1:2 --chmod=0755 a b* /dst/\nADD --checksum=sha256:abcd https://x/y.tgz /y\n',
    );
    expect(copy).toMatchObject({
      sources: ['a', 'b*'],
      dest: '/dst/',
      from: 'build',
      chown: '1:2',
      chmod: '0755',
    });
    expect(add).toMatchObject({ kind: 'ADD', sources: ['https://x/y.tgz'], checksum: 'sha256:abcd' });
  });

  it('parses HEALTHCHECK, SHELL, VOLUME, EXPOSE, ONBUILD', () => {
    const [, hc, none, shell, volume, expose, onbuild] = parse(
      'FROM a\nHEALTHCHECK --interval=5s --retries=3 CMD curl -f http://x/\nHEALTHCHECK NONE\n' +
        'SHELL ["/bin/bash", "-c"]\nVOLUME ["/a", "/b"]\nEXPOSE 80 53/udp\nONBUILD COPY . /app\n',
    );
    expect(hc).toMatchObject({
      test: { form: 'shell', command: 'curl -f http://x/' },
      intervalNs: 5e9,
      retries: 3,
    });
    expect(none).toMatchObject({ kind: 'HEALTHCHECK' });
    expect(none).not.toHaveProperty('test');
    expect(shell).toMatchObject({ shell: ['/bin/bash', '-c'] });
    expect(volume).toMatchObject({ values: ['/a', '/b'] });
    expect(expose).toMatchObject({ values: ['80', '53/udp'] });
    expect(onbuild).toMatchObject({ trigger: 'COPY . /app' });
  });

  it.each([
    ['FROM a\nFOO bar\n', 'Dockerfile:2: unknown instruction: FOO'],
    ['FROM a\nRUN echo\nCOPY one\n', 'Dockerfile:3: COPY requires at least two arguments'],
    ['FROM a\nCMD ["a", b]\n', 'Dockerfile:2: CMD: invalid JSON exec form ["a", b]'],
    ['RUN echo\n', 'Dockerfile:1: RUN: no build stage in current context (missing FROM)'],
    ['# only a comment\n', 'Dockerfile: file with no instructions'],
    ['FROM a b\n', 'Dockerfile:1: FROM requires either one or three arguments'],
    ['FROM a AS 1x\n', 'Dockerfile:1: invalid name for build stage'],
    ['FROM a\nCOPY --frm=x a b\n', 'Dockerfile:2: COPY: unknown flag: --frm'],
    ['FROM a\nENV A=1 B\n', 'Dockerfile:2: Syntax error - can\'t find = in "B"'],
    ['FROM a\nWORKDIR\n', 'Dockerfile:2: WORKDIR requires at least one argument'],
    ['FROM a\nSHELL /bin/sh\n', 'Dockerfile:2: SHELL requires the arguments to be in JSON form'],
    ['FROM a\nONBUILD ONBUILD RUN x\n', 'Dockerfile:2: Chaining ONBUILD'],
    ['FROM a\nONBUILD FROM b\n', "Dockerfile:2: FROM isn't allowed as an ONBUILD trigger"],
    ['FROM a\nHEALTHCHECK --interval=5 CMD x\n', 'Dockerfile:2: HEALTHCHECK: invalid duration --interval=5'],
    ['FROM a\nRUN --network=bridge x\n', 'Dockerfile:2: RUN: invalid --network'],
  ])('rejects %j', (text, message) => {
    expect(errorOf(text)).toContain(message);
  });
});
