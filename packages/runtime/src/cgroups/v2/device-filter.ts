// Compiles device rules into a BPF_PROG_TYPE_CGROUP_DEVICE program: cgroup v2 has no devices files,
// the kernel instead runs this program on every device open/mknod and allows the access iff it
// returns 1. The program checks rules from last to first and returns at the first match, which is
// "later rules win" as on v1; a request no rule matches is allowed, as a fresh v1 cgroup under an
// unrestricted parent allows it (every engine's rules start with a deny-all, which then decides).
import { CgroupInvalidArgumentError } from '../errors';
import { type DeviceRule, normalizeDeviceRules } from '../device-rules';
import { resourceField } from '../controller';
import type { LinuxDeviceCgroup } from '../spec-types';
import { type BpfInsn, encodeInsns, insn } from './bpf-insn';

// struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; } — access_type is
// (BPF_DEVCG_ACC_* << 16) | BPF_DEVCG_DEV_*.
const CTX_ACCESS_TYPE = 0;
const CTX_MAJOR = 4;
const CTX_MINOR = 8;
const DEV_BLOCK = 1;
const DEV_CHAR = 2;
const ACCESS_BITS: Record<string, number> = { m: 1, r: 2, w: 4 };
const ALL_ACCESS = 7;

// Registers after the prologue: r2 device type, r3 requested access, r4 major, r5 minor; r1 scratch.
const R0 = 0;
const R1 = 1;
const R2 = 2;
const R3 = 3;
const R4 = 4;
const R5 = 5;

export const DEVICE_PROGRAM_LICENSE = 'Apache';

function accessBits(access: string): number {
  return [...access].reduce((bits, c) => bits | (ACCESS_BITS[c] ?? 0), 0);
}

function isCatchAll(rule: DeviceRule): boolean {
  return rule.type === 'a' && accessBits(rule.access) === ALL_ACCESS;
}

// The checks of one rule; `skip` jumps past the rest of the block to the next rule.
function ruleBlock(rule: DeviceRule, index: number): BpfInsn[] {
  const checks: Array<(skip: number) => BpfInsn[]> = [];
  if (rule.type !== 'a') {
    checks.push((skip) => [insn.jumpIfNotEqual(R2, rule.type === 'b' ? DEV_BLOCK : DEV_CHAR, skip)]);
  }
  const bits = accessBits(rule.access);
  if (bits !== ALL_ACCESS) {
    // Matches only when every requested access bit is one the rule names.
    checks.push((skip) => [
      insn.mov32Reg(R1, R3),
      insn.and32(R1, ~bits & ALL_ACCESS),
      insn.jumpIfNotEqual(R1, 0, skip),
    ]);
  }
  for (const [value, register, name] of [
    [rule.major, R4, 'major'],
    [rule.minor, R5, 'minor'],
  ] as const) {
    if (value === undefined) continue;
    if (value > 0x7fffffff) {
      const field = resourceField(`devices[${index}].${name}`);
      throw new CgroupInvalidArgumentError(`${field}: ${value} is too large for a device number`, field);
    }
    checks.push((skip) => [insn.jumpIfNotEqual(register, value, skip)]);
  }
  const verdict = [insn.mov64(R0, rule.allow ? 1 : 0), insn.exit()];
  // Built back to front: each check ends in its jump, which skips everything after it in the block.
  let block = verdict;
  for (const check of checks.reverse()) block = [...check(block.length), ...block];
  return block;
}

export interface DeviceProgram {
  /** struct bpf_insn[] as bytes, ready for bpf(BPF_PROG_LOAD). */
  insns: Buffer;
  license: string;
  /** Number of instructions. */
  length: number;
}

export function compileDeviceFilter(rules: readonly LinuxDeviceCgroup[]): DeviceProgram {
  const normalized = normalizeDeviceRules(rules);
  // Nothing before the last rule that matches every request can ever decide.
  let first = 0;
  normalized.forEach((rule, i) => {
    if (isCatchAll(rule)) first = i;
  });
  const live = normalized.slice(first);
  const program: BpfInsn[] = [
    insn.loadWord(R2, R1, CTX_ACCESS_TYPE),
    insn.and32(R2, 0xffff),
    insn.loadWord(R3, R1, CTX_ACCESS_TYPE),
    insn.rsh32(R3, 16),
    insn.loadWord(R4, R1, CTX_MAJOR),
    insn.loadWord(R5, R1, CTX_MINOR),
  ];
  for (let i = live.length - 1; i >= 0; i -= 1) program.push(...ruleBlock(live[i]!, first + i));
  const lastIsCatchAll = live.length > 0 && isCatchAll(live[0]!);
  if (!lastIsCatchAll) program.push(insn.mov64(R0, 1), insn.exit());
  return { insns: encodeInsns(program), license: DEVICE_PROGRAM_LICENSE, length: program.length };
}
