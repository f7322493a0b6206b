/**
 * Validates a runtime-spec seccomp profile and turns it into rules the code generator can use:
 * every action resolved to its filter return value, every argument value to a 64-bit bigint.
 * Errors name the config.json field that is wrong.
 */
import { actionReturn, isNotify } from './actions';
import { SECCOMP_OPERATORS, type ArgCondition, type SeccompOperator } from './arg-compare';
import { FOREIGN_ARCH_NAMES, findArch, nativeArchName, type SeccompArch } from './arches';
import { SeccompProfileError } from './errors';
import type {
  CompileSeccompOptions,
  SeccompArgInput,
  SeccompProfileInput,
  SeccompSyscallInput,
} from './types';

const FIELD = 'linux.seccomp';
const MAX_ARGS = 6;
const UINT64_MAX = (1n << 64n) - 1n;

export const SECCOMP_FILTER_FLAG_TSYNC = 1;
export const SECCOMP_FILTER_FLAG_LOG = 2;
export const SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4;
export const SECCOMP_FILTER_FLAG_NEW_LISTENER = 8;
export const SECCOMP_FILTER_FLAG_TSYNC_ESRCH = 16;
export const SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV = 32;

/** The flags config.json may name (runtime-spec v1.3). */
export const SECCOMP_PROFILE_FLAGS: Readonly<Record<string, number>> = {
  SECCOMP_FILTER_FLAG_TSYNC,
  SECCOMP_FILTER_FLAG_LOG,
  SECCOMP_FILTER_FLAG_SPEC_ALLOW,
  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
};

export interface SyscallRule {
  names: readonly string[];
  ret: number;
  /** All must hold (AND). */
  conditions: readonly ArgCondition[];
  /** Position in the profile, to keep equally restrictive rules in the order they were written. */
  order: number;
}

export interface SeccompPlan {
  defaultRet: number;
  /** Native architecture first. */
  arches: readonly SeccompArch[];
  flags: number;
  rules: readonly SyscallRule[];
  needsListener: boolean;
  /** Every name the profile lists, rules dropped for repeating the default included. */
  namedSyscalls: ReadonlySet<string>;
}

export function planSeccomp(profile: SeccompProfileInput, options: CompileSeccompOptions = {}): SeccompPlan {
  if (profile === null || typeof profile !== 'object')
    throw new SeccompProfileError(FIELD, 'must be an object');
  const defaultRet = actionReturn(
    profile.defaultAction,
    profile.defaultErrnoRet,
    `${FIELD}.defaultAction`,
    `${FIELD}.defaultErrnoRet`,
  );
  // The runtime's init helper sends the listener fd out after loading the filter; like runc,
  // refuse a profile that would make every syscall, that send included, wait for the listener.
  if (isNotify(defaultRet))
    throw new SeccompProfileError(`${FIELD}.defaultAction`, 'SCMP_ACT_NOTIFY cannot be the default action');
  const arches = planArches(profile.architectures, options.arch);
  const rules = planRules(profile.syscalls, defaultRet);
  const needsListener = rules.some((rule) => isNotify(rule.ret));
  if (needsListener && (typeof profile.listenerPath !== 'string' || profile.listenerPath === '')) {
    throw new SeccompProfileError(`${FIELD}.listenerPath`, 'is required when a rule uses SCMP_ACT_NOTIFY');
  }
  const namedSyscalls = new Set<string>(profile.syscalls?.flatMap((entry) => entry.names) ?? []);
  return {
    defaultRet,
    arches,
    flags: planFlags(profile.flags, needsListener),
    rules,
    needsListener,
    namedSyscalls,
  };
}

function planArches(names: unknown, nativeOption: string | undefined): SeccompArch[] {
  const nativeName = nativeOption ?? nativeArchName();
  const native = nativeName === undefined ? undefined : findArch(nativeName);
  if (native === undefined) {
    throw new SeccompProfileError(
      `${FIELD} (native architecture)`,
      `unsupported architecture ${JSON.stringify(nativeName ?? process.arch)}`,
    );
  }
  const arches = [native];
  if (names === undefined || names === null) return arches;
  if (!Array.isArray(names))
    throw new SeccompProfileError(`${FIELD}.architectures`, 'must be an array of strings');
  names.forEach((name: unknown, i) => {
    if (typeof name === 'string' && FOREIGN_ARCH_NAMES.has(name)) return;
    const found = typeof name === 'string' && name.startsWith('SCMP_ARCH_') ? findArch(name) : undefined;
    if (found === undefined) {
      throw new SeccompProfileError(
        `${FIELD}.architectures[${i}]`,
        `unsupported architecture ${JSON.stringify(name)}`,
      );
    }
    if (!arches.includes(found)) arches.push(found);
  });
  return arches;
}

function planFlags(names: unknown, needsListener: boolean): number {
  let flags = 0;
  if (names !== undefined && names !== null) {
    if (!Array.isArray(names)) throw new SeccompProfileError(`${FIELD}.flags`, 'must be an array of strings');
    names.forEach((name: unknown, i) => {
      const bit = typeof name === 'string' ? SECCOMP_PROFILE_FLAGS[name] : undefined;
      if (bit === undefined) {
        throw new SeccompProfileError(
          `${FIELD}.flags[${i}]`,
          `unknown flag ${JSON.stringify(name)} (one of ${Object.keys(SECCOMP_PROFILE_FLAGS).join(', ')})`,
        );
      }
      flags |= bit;
    });
  }
  if (!needsListener) {
    // Only meaningful with a listener, and the kernel rejects it without one.
    return flags & ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
  }
  flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
  // The kernel refuses TSYNC with NEW_LISTENER unless failures are reported as ESRCH instead of a tid.
  if (flags & SECCOMP_FILTER_FLAG_TSYNC) flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
  return flags;
}

function planRules(syscalls: unknown, defaultRet: number): SyscallRule[] {
  if (syscalls === undefined || syscalls === null) return [];
  if (!Array.isArray(syscalls)) throw new SeccompProfileError(`${FIELD}.syscalls`, 'must be an array');
  const rules: SyscallRule[] = [];
  syscalls.forEach((entry: SeccompSyscallInput, i) => {
    const field = `${FIELD}.syscalls[${i}]`;
    if (entry === null || typeof entry !== 'object')
      throw new SeccompProfileError(field, 'must be an object');
    const names = entry.names;
    if (!Array.isArray(names) || names.length === 0)
      throw new SeccompProfileError(`${field}.names`, 'must be a non-empty array');
    names.forEach((name: unknown, j) => {
      if (typeof name !== 'string' || name === '')
        throw new SeccompProfileError(`${field}.names[${j}]`, 'must be a syscall name');
    });
    const ret = actionReturn(entry.action, entry.errnoRet, `${field}.action`, `${field}.errnoRet`);
    if (isNotify(ret) && names.includes('write')) {
      // As runc: the init process still writes to its parent once the filter is in place, and
      // must not block waiting for the listener it has not handed over yet.
      throw new SeccompProfileError(`${field}.names`, 'SCMP_ACT_NOTIFY cannot be used for write');
    }
    const conditions = planConditions(entry.args, `${field}.args`);
    // A rule that repeats the default changes nothing; runc drops it too (libseccomp refuses it).
    if (ret === defaultRet) return;
    // libseccomp cannot compare one argument twice in a rule, so runc adds such conditions as
    // separate rules (any of them matches); we keep that meaning.
    const indexes = new Set(conditions.map((c) => c.index));
    const groups = indexes.size === conditions.length ? [conditions] : conditions.map((c) => [c]);
    for (const group of groups) rules.push({ names, ret, conditions: group, order: rules.length });
  });
  return rules;
}

function planConditions(args: unknown, field: string): ArgCondition[] {
  if (args === undefined || args === null) return [];
  if (!Array.isArray(args)) throw new SeccompProfileError(field, 'must be an array');
  return args.map((arg: SeccompArgInput, k) => {
    const at = `${field}[${k}]`;
    if (arg === null || typeof arg !== 'object') throw new SeccompProfileError(at, 'must be an object');
    if (!Number.isInteger(arg.index) || arg.index < 0 || arg.index >= MAX_ARGS) {
      throw new SeccompProfileError(
        `${at}.index`,
        `must be an integer from 0 to ${MAX_ARGS - 1}, got ${JSON.stringify(arg.index)}`,
      );
    }
    if (!(SECCOMP_OPERATORS as readonly string[]).includes(arg.op)) {
      throw new SeccompProfileError(
        `${at}.op`,
        `unknown operator ${JSON.stringify(arg.op)} (one of ${SECCOMP_OPERATORS.join(', ')})`,
      );
    }
    const op = arg.op as SeccompOperator;
    const value = toUint64(arg.value, `${at}.value`);
    // valueTwo is OPTIONAL in the spec; runc (Go) reads an absent one as 0, and profiles such
    // as runtime-tools' default rely on that for MASKED_EQ, so do the same.
    const valueTwo =
      arg.valueTwo === undefined || arg.valueTwo === null ? 0n : toUint64(arg.valueTwo, `${at}.valueTwo`);
    return { index: arg.index, op, value, valueTwo };
  });
}

/**
 * A uint64 from JSON. Numbers above 2^53 have already lost precision in JSON.parse; the one such
 * value profiles commonly write, 18446744073709551615, parses to 2^64 and is read as UINT64_MAX.
 */
function toUint64(value: unknown, field: string): bigint {
  let big: bigint | undefined;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isInteger(value)) big = BigInt(value);
  if (big === 2n ** 64n && typeof value === 'number') big = UINT64_MAX;
  if (big === undefined || big < 0n || big > UINT64_MAX) {
    throw new SeccompProfileError(field, `must be an integer from 0 to ${UINT64_MAX}, got ${String(value)}`);
  }
  return big;
}
