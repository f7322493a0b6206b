import { parseFlags, requiredFlag } from './flags';
import { checkId } from '../ids';

describe('flags and ids', () => {
  it('parses --name value and --name=value, refusing unknown and valueless flags', () => {
    const flags = parseFlags(['--id', 'c1', '--run=/r'], ['id', 'run']);
    expect(requiredFlag(flags, 'id')).toBe('c1');
    expect(flags.get('run')).toBe('/r');
    expect(() => parseFlags(['--nope', 'x'], ['id'])).toThrow('unknown flag --nope');
    expect(() => parseFlags(['--id'], ['id'])).toThrow('flag --id needs a value');
    expect(() => parseFlags(['stray'], ['id'])).toThrow('unexpected argument "stray"');
    expect(() => requiredFlag(flags, 'group')).toThrow('flag --group is required');
  });

  it('accepts runc-style ids and names the field of a bad one', () => {
    expect(checkId('web-1.a_b', 'id')).toBe('web-1.a_b');
    expect(() => checkId('', 'exec_id')).toThrow('exec_id: must not be empty');
    expect(() => checkId('../x', 'id')).toThrow(/^id: "..\/x" must be/);
    expect(() => checkId('x'.repeat(65), 'id')).toThrow(/must be 1-64/);
  });
});
