import { bool, list, str } from './flag-spec';
import { parseFlags } from './parse';

const SPECS = [
  bool('detach', 'd', 'd'),
  bool('interactive', 'i', 'i'),
  bool('tty', 't', 't'),
  bool('rm', 'rm'),
  list('publish', 'p', 'p'),
  list('env', 'e', 'e'),
  str('name', 'name'),
  str('stop-signal', 'signal'),
];

const parse = (argv: string[], interspersed = false) =>
  parseFlags(SPECS, argv, { interspersed, command: 'run' });

describe('parseFlags (docker/pflag grammar)', () => {
  it('reads short clusters, long flags with = or a separate value, and repeats', () => {
    const { flags, args } = parse([
      '-it',
      '--name=web',
      '-p',
      '80:80',
      '-p8443:443',
      '--publish',
      '53:53/udp',
      '--rm',
      'nginx',
    ]);
    expect(flags.boolean('interactive')).toBe(true);
    expect(flags.boolean('tty')).toBe(true);
    expect(flags.boolean('detach')).toBe(false);
    expect(flags.string('name')).toBe('web');
    expect(flags.list('publish')).toEqual(['80:80', '8443:443', '53:53/udp']);
    expect(flags.boolean('rm')).toBe(true);
    expect(args).toEqual(['nginx']);
  });

  it('lets a value-taking shorthand end a cluster: -dp 80:80 and -ite=A=1', () => {
    expect(parse(['-dp', '80:80', 'x']).flags.list('publish')).toEqual(['80:80']);
    const { flags } = parse(['-ite=A=1', 'x']);
    expect(flags.list('env')).toEqual(['A=1']);
    expect(flags.boolean('tty')).toBe(true);
  });

  it('stops at the first positional when not interspersed, so the command keeps its flags', () => {
    const { flags, args } = parse(['-d', 'busybox', 'ls', '-l', '--name', 'x']);
    expect(flags.boolean('detach')).toBe(true);
    expect(flags.has('name')).toBe(false);
    expect(args).toEqual(['busybox', 'ls', '-l', '--name', 'x']);
  });

  it('takes flags after positionals when interspersed, and everything after --', () => {
    const { flags, args } = parse(['a', '-d', 'b', '--', '-i', 'c'], true);
    expect(flags.boolean('detach')).toBe(true);
    expect(flags.boolean('interactive')).toBe(false);
    expect(args).toEqual(['a', 'b', '-i', 'c']);
  });

  it('accepts --bool=false and values that start with a dash', () => {
    const { flags } = parse(['--rm=false', '-d=true', '--stop-signal', '-1', 'x']);
    expect(flags.has('rm')).toBe(true);
    expect(flags.boolean('rm')).toBe(false);
    expect(flags.boolean('detach')).toBe(true);
    expect(flags.string('stop-signal')).toBe('-1');
  });

  it('names what is wrong', () => {
    expect(() => parse(['--bogus'])).toThrow('unknown flag: --bogus');
    expect(() => parse(['-iz'])).toThrow("unknown shorthand flag: 'z' in -iz");
    expect(() => parse(['--name'])).toThrow('flag needs an argument: --name');
    expect(() => parse(['-p'])).toThrow("flag needs an argument: 'p' in -p");
    expect(() => parse(['--rm=maybe'])).toThrow('invalid argument "maybe" for "--rm" flag');
  });

  it('refuses to read an undeclared flag (a typo in a command)', () => {
    expect(() => parse([]).flags.boolean('detatch')).toThrow('flag --detatch is not declared');
  });
});
