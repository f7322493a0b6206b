import { parseArgs } from './args';

const specs = {
  bundle: { kind: 'string' as const, aliases: ['b'] },
  detach: { kind: 'bool' as const, aliases: ['d'] },
  env: { kind: 'list' as const, aliases: ['e'] },
};

describe('parseArgs', () => {
  it('reads flags in every spelling runc accepts and stops at the first positional', () => {
    const args = parseArgs(['-b', '/x', '--detach', '-e=A=1', '--env', 'B=2', 'id', '-d'], specs, 'run');
    expect(args.flags.get('bundle')).toBe('/x');
    expect(args.flags.get('detach')).toBe(true);
    expect(args.flags.get('env')).toEqual(['A=1', 'B=2']);
    expect(args.positional).toEqual(['id', '-d']);
  });

  it('names an unknown flag and a missing value', () => {
    expect(() => parseArgs(['--nope'], specs, 'run')).toThrow('run: flag provided but not defined: -nope');
    expect(() => parseArgs(['--bundle'], specs, 'run')).toThrow('flag needs an argument: -bundle');
  });
});
