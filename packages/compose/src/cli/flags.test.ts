import { parseFlags, type FlagSpec } from './flags';

const specs: FlagSpec[] = [
  { name: 'detach', short: 'd', kind: 'boolean', description: '' },
  { name: 'volumes', short: 'v', kind: 'boolean', description: '' },
  { name: 'file', short: 'f', kind: 'list', description: '' },
  { name: 'tail', short: 'n', kind: 'string', description: '' },
];

describe('parseFlags', () => {
  it('reads long, short, grouped and inline forms', () => {
    const { flags, args } = parseFlags(
      specs,
      ['-dv', '--file=a.yaml', '-f', 'b.yaml', '-fc.yaml', '--tail', '5', 'web', '-n3'],
      'logs',
    );
    expect(flags.boolean('detach')).toBe(true);
    expect(flags.boolean('volumes')).toBe(true);
    expect(flags.list('file')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(flags.string('tail')).toBe('3');
    expect(args).toEqual(['web']);
  });

  it('stops at the first argument for exec and run, and at --', () => {
    expect(parseFlags(specs, ['-d', 'web', 'ls', '-d'], 'exec', true).args).toEqual(['web', 'ls', '-d']);
    expect(parseFlags(specs, ['--', '-d'], 'up').args).toEqual(['-d']);
  });

  it('names what is wrong', () => {
    expect(() => parseFlags(specs, ['--nope'], 'up')).toThrow('unknown flag --nope for "compose up"');
    expect(() => parseFlags(specs, ['-x'], 'up')).toThrow('unknown flag -x for "compose up"');
    expect(() => parseFlags(specs, ['--tail'], 'logs')).toThrow('flag --tail needs a value');
    expect(() => parseFlags(specs, ['--detach=maybe'], 'up')).toThrow('flag --detach takes no value');
    expect(() => parseFlags(specs, ['--tail', 'x'], 'logs').flags.integer('tail')).toThrow(
      'invalid value "x" for --tail',
    );
  });
});
