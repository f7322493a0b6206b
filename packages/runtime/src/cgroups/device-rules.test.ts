import { deviceRuleLine, normalizeDeviceRules } from './device-rules';
import type { LinuxDeviceCgroup } from './spec-types';

describe('device rules', () => {
  it('fills the spec defaults: type a, wildcard numbers, access rwm', () => {
    const [rule] = normalizeDeviceRules([{ allow: false }]);
    expect(rule).toEqual({ allow: false, type: 'a', major: undefined, minor: undefined, access: 'rwm' });
    expect(deviceRuleLine(rule!)).toBe('a');
  });

  it('writes v1 lines with wildcards and ordered access', () => {
    const rules = normalizeDeviceRules([
      { allow: true, type: 'c', major: 136, access: 'wr' },
      { allow: true, type: 'b', major: 8, minor: -1, access: 'm' },
    ]);
    expect(rules.map(deviceRuleLine)).toEqual(['c 136:* rw', 'b 8:* m']);
  });

  it('names the bad field', () => {
    expect(() => normalizeDeviceRules([{ allow: true, type: 'x' } as unknown as LinuxDeviceCgroup])).toThrow(
      'linux.resources.devices[0].type',
    );
    expect(() => normalizeDeviceRules([{ allow: true }, { allow: true, access: 'rwx' }])).toThrow(
      'linux.resources.devices[1].access',
    );
    expect(() => normalizeDeviceRules([{ allow: true, type: 'c', major: 1.5 }])).toThrow(
      'linux.resources.devices[0].major',
    );
  });
});
