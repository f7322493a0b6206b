import { normalizeDeviceRules } from '../device-rules';
import type { LinuxDeviceCgroup } from '../spec-types';
import { parseDevicesList, planDeviceWrites } from './devices-plan';

const ENGINE_RULES: LinuxDeviceCgroup[] = [
  { allow: false, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' },
  { allow: true, type: 'c', major: 136, access: 'rwm' },
];

describe('planning v1 device writes', () => {
  it('writes the rules verbatim into a fresh (allow-all) cgroup', () => {
    expect(planDeviceWrites('a *:* rwm\n', normalizeDeviceRules(ENGINE_RULES))).toEqual([
      { file: 'devices.deny', line: 'a', rule: 0 },
      { file: 'devices.allow', line: 'c 1:3 rwm', rule: 1 },
      { file: 'devices.allow', line: 'c 1:5 rwm', rule: 2 },
      { file: 'devices.allow', line: 'c 136:* rwm', rule: 3 },
    ]);
  });

  it('writes nothing when the cgroup already has exactly those rules', () => {
    expect(
      planDeviceWrites('c 1:3 rwm\nc 1:5 rwm\nc 136:* rwm\n', normalizeDeviceRules(ENGINE_RULES)),
    ).toEqual([]);
  });

  it('writes only the difference, never resetting to deny-all', () => {
    const rules = normalizeDeviceRules([
      { allow: false, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'c', major: 1, minor: 5, access: 'r' },
      { allow: true, type: 'c', major: 10, minor: 200, access: 'rw' },
    ]);
    expect(planDeviceWrites('c 1:3 rwm\nc 1:5 rwm\nc 136:* rwm\n', rules)).toEqual([
      { file: 'devices.deny', line: 'c 1:5 wm' },
      { file: 'devices.deny', line: 'c 136:* rwm' },
      { file: 'devices.allow', line: 'c 10:200 rw' },
    ]);
  });

  it('replays later denies against earlier allows', () => {
    const rules = normalizeDeviceRules([
      ...ENGINE_RULES,
      { allow: false, type: 'c', major: 1, minor: 3, access: 'w' },
    ]);
    expect(planDeviceWrites('c 1:3 rwm\nc 1:5 rwm\nc 136:* rwm\n', rules)).toEqual([
      { file: 'devices.deny', line: 'c 1:3 w' },
    ]);
  });

  it('falls back to verbatim writes when the result is allow-by-default', () => {
    const rules = normalizeDeviceRules([
      { allow: true, access: 'rwm' },
      { allow: false, type: 'b', major: 8, access: 'w' },
    ]);
    expect(planDeviceWrites('c 1:3 rwm\n', rules).map((w) => w.line)).toEqual(['a', 'b 8:* w']);
  });

  it('parses devices.list', () => {
    expect(parseDevicesList('a *:* rwm\n')).toBeUndefined();
    expect(parseDevicesList('c 1:3 rwm\nb *:* m\n')?.exceptions).toEqual(
      new Map([
        ['c 1:3', 7],
        ['b *:*', 4],
      ]),
    );
  });
});
