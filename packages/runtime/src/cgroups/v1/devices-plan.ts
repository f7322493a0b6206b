// Planning the writes that take a v1 devices cgroup from what devices.list shows to what the rules
// ask for. Writing the rules verbatim would start with "a" on devices.deny, and a running container
// (runc update re-applies its rules) would briefly lose /dev/null and friends. So the kernel's rule
// semantics are replayed here and, when both sides are allow-lists, only the difference is written.
import { type DeviceRule, deviceRuleLine } from '../device-rules';

/** The kernel's state for one cgroup: a default and exceptions (key "c 1:3" → access bits). */
interface DevicesState {
  defaultAllow: boolean;
  exceptions: Map<string, number>;
}

export interface DeviceWrite {
  file: 'devices.allow' | 'devices.deny';
  line: string;
  /** Index of the rule this write comes from, for error messages; undefined for diff writes. */
  rule?: number;
}

const BITS: Record<string, number> = { r: 1, w: 2, m: 4 };

function bitsOf(access: string): number {
  return [...access].reduce((bits, c) => bits | (BITS[c] ?? 0), 0);
}

function accessOf(bits: number): string {
  return ['r', 'w', 'm'].filter((c) => bits & BITS[c]!).join('');
}

/** devices.list: "a *:* rwm" alone in allow mode (which hides its exceptions), else the allowed entries. */
export function parseDevicesList(text: string): DevicesState | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.includes('a *:* rwm')) return undefined;
  const exceptions = new Map<string, number>();
  for (const line of lines) {
    const [type, numbers, access] = line.split(' ');
    const key = `${type} ${numbers}`;
    exceptions.set(key, (exceptions.get(key) ?? 0) | bitsOf(access ?? ''));
  }
  return { defaultAllow: false, exceptions };
}

// What the kernel does with one written rule (security/device_cgroup.c, devcgroup_update_access):
// "a" resets to a default; a rule matching the default removes access from an exception, a rule
// against the default adds an exception or widens one.
function applyRule(state: DevicesState, rule: DeviceRule): DevicesState {
  if (rule.type === 'a') return { defaultAllow: rule.allow, exceptions: new Map() };
  const key = deviceRuleLine(rule).split(' ').slice(0, 2).join(' ');
  const bits = bitsOf(rule.access);
  const exceptions = new Map(state.exceptions);
  const current = exceptions.get(key) ?? 0;
  if (rule.allow === state.defaultAllow) {
    if (current & ~bits) exceptions.set(key, current & ~bits);
    else exceptions.delete(key);
  } else {
    exceptions.set(key, current | bits);
  }
  return { defaultAllow: state.defaultAllow, exceptions };
}

export function planDeviceWrites(devicesList: string, rules: readonly DeviceRule[]): DeviceWrite[] {
  const verbatim = (): DeviceWrite[] =>
    rules.map((rule, i) => ({
      file: rule.allow ? 'devices.allow' : 'devices.deny',
      line: deviceRuleLine(rule),
      rule: i,
    }));
  const current = parseDevicesList(devicesList);
  if (!current) return verbatim();
  const desired = rules.reduce(applyRule, current);
  if (desired.defaultAllow) return verbatim();
  const writes: DeviceWrite[] = [];
  for (const [key, bits] of current.exceptions) {
    const drop = bits & ~(desired.exceptions.get(key) ?? 0);
    if (drop) writes.push({ file: 'devices.deny', line: `${key} ${accessOf(drop)}` });
  }
  for (const [key, bits] of desired.exceptions) {
    const add = bits & ~(current.exceptions.get(key) ?? 0);
    if (add) writes.push({ file: 'devices.allow', line: `${key} ${accessOf(add)}` });
  }
  return writes;
}
