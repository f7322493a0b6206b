// Device cgroup rules from linux.resources.devices, checked and normalised once for both the v1
// allow/deny files and the v2 eBPF program. Rules apply in the listed order; later ones win.
import { resourceField } from './controller';
import { CgroupInvalidArgumentError } from './errors';
import type { LinuxDeviceCgroup } from './spec-types';
import { checkBoolean, checkDeviceNumber } from './validate';

export type DeviceType = 'a' | 'b' | 'c';

export interface DeviceRule {
  allow: boolean;
  type: DeviceType;
  /** undefined is the wildcard "*". */
  major: number | undefined;
  minor: number | undefined;
  /** A non-empty subset of "rwm", in that order. */
  access: string;
}

/**
 * Devices every container may use whatever its config says, as runc grants them: mknod of any
 * device, and the character devices a process expects (null, zero, full, random, urandom, tty,
 * ptmx, /dev/pts/*). The core appends these after the config's own rules.
 */
export const DEFAULT_DEVICE_RULES: readonly LinuxDeviceCgroup[] = [
  { allow: true, type: 'c', access: 'm' },
  { allow: true, type: 'b', access: 'm' },
  { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 5, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 7, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 8, access: 'rwm' },
  { allow: true, type: 'c', major: 1, minor: 9, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 0, access: 'rwm' },
  { allow: true, type: 'c', major: 5, minor: 2, access: 'rwm' },
  { allow: true, type: 'c', major: 136, access: 'rwm' },
];

function optionalNumber(value: number | null | undefined, field: string): number | undefined {
  // The spec's wildcard is an absent value; runc's configs also use -1.
  if (value === undefined || value === null || value === -1) return undefined;
  return checkDeviceNumber(value, field);
}

export function normalizeDeviceRules(rules: readonly LinuxDeviceCgroup[]): DeviceRule[] {
  return rules.map((rule, i) => {
    const field = resourceField(`devices[${i}]`);
    const allow = checkBoolean(rule.allow, `${field}.allow`);
    const type = rule.type ?? 'a';
    if (type !== 'a' && type !== 'b' && type !== 'c') {
      throw new CgroupInvalidArgumentError(
        `${field}.type: ${JSON.stringify(type)} is not "a", "b" or "c"`,
        `${field}.type`,
      );
    }
    const accessText = rule.access ?? 'rwm';
    if (typeof accessText !== 'string' || !/^[rwm]+$/.test(accessText)) {
      throw new CgroupInvalidArgumentError(
        `${field}.access: ${JSON.stringify(accessText)} is not a combination of "r", "w" and "m"`,
        `${field}.access`,
      );
    }
    const access = ['r', 'w', 'm'].filter((c) => accessText.includes(c)).join('');
    // Type "a" matches every device, so numbers on it would be meaningless; the kernel drops them too.
    const major = type === 'a' ? undefined : optionalNumber(rule.major, `${field}.major`);
    const minor = type === 'a' ? undefined : optionalNumber(rule.minor, `${field}.minor`);
    return { allow, type, major, minor, access };
  });
}

/** A rule in the v1 devices.allow/devices.deny syntax: "c 1:3 rwm", "a *:* rwm". */
export function deviceRuleLine(rule: DeviceRule): string {
  if (rule.type === 'a') return 'a';
  return `${rule.type} ${rule.major ?? '*'}:${rule.minor ?? '*'} ${rule.access}`;
}

export function isDenyAll(rule: DeviceRule): boolean {
  return !rule.allow && rule.type === 'a' && rule.access === 'rwm';
}
