/**
 * Generates the filter program for a validated plan.
 *
 * Layout: load seccomp_data.arch and compare it with each covered architecture in turn (native
 * first); an unknown architecture gets the bad-arch action. Inside an architecture the syscall
 * number is found by a binary search over the numbers that have rules, ending in short linear
 * runs; numbers without rules get the default action. A syscall's rules are tried most
 * restrictive first (the kernel's ranking of actions), so where rules overlap the most
 * restrictive matching one wins; a rule with no argument conditions ends the search.
 */
import { actionRestrictiveness, SECCOMP_RET_KILL_THREAD } from './actions';
import { argWordOffsets, decideByZeroHighWord, emitCondition, type ArgCondition } from './arg-compare';
import { X32_SYSCALL_BIT, type SeccompArch } from './arches';
import { ProgramBuilder } from './assembler';
import type { SockFilter } from './bpf';
import type { SeccompPlan, SyscallRule } from './profile';
import { syscallTable } from './syscall-table';

const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
/** What libseccomp does, by default, with a syscall from an architecture not in the filter. */
export const BAD_ARCH_RET = SECCOMP_RET_KILL_THREAD;
/** Syscall numbers compared one by one at the leaves of the binary search. */
const LINEAR_RUN = 4;

export interface GeneratedFilter {
  instructions: SockFilter[];
  /** Rule names that no covered architecture knows; they were skipped like runc skips them. */
  unresolvedSyscalls: string[];
}

export function generateFilter(plan: SeccompPlan): GeneratedFilter {
  const b = new ProgramBuilder();
  const littleEndian = plan.arches[0].littleEndian;
  const resolved = new Set<string>();
  b.load(OFFSET_ARCH);
  for (const audit of [...new Set(plan.arches.map((a) => a.audit))]) {
    const sharing = plan.arches.filter((a) => a.audit === audit);
    const nextArch = b.newLabel();
    b.jump('jeq', audit, null, nextArch);
    b.load(OFFSET_NR);
    const x86_64 = sharing.find((a) => a.table === 'x86_64');
    const x32 = sharing.find((a) => a.table === 'x32');
    if (x86_64 || x32) {
      // One audit arch, two ABIs: X32_SYSCALL_BIT in the number tells them apart.
      const x32Calls = b.newLabel();
      b.jump('jge', X32_SYSCALL_BIT, x32Calls, null);
      emitArch(b, plan, x86_64, littleEndian, resolved);
      b.place(x32Calls);
      emitArch(b, plan, x32, littleEndian, resolved);
    } else {
      emitArch(b, plan, sharing[0], littleEndian, resolved);
    }
    b.place(nextArch);
  }
  b.ret(BAD_ARCH_RET);
  const unresolved = new Set(plan.rules.flatMap((r) => r.names).filter((name) => !resolved.has(name)));
  return { instructions: b.assemble(), unresolvedSyscalls: [...unresolved] };
}

/** Code for one ABI with the syscall number in A; every path ends in a return. */
function emitArch(
  b: ProgramBuilder,
  plan: SeccompPlan,
  arch: SeccompArch | undefined,
  littleEndian: boolean,
  resolved: Set<string>,
): void {
  if (arch === undefined) {
    b.ret(BAD_ARCH_RET);
    return;
  }
  const table = syscallTable(arch.table);
  const bySyscall = new Map<number, SyscallRule[]>();
  for (const rule of plan.rules) {
    // Aliases (two names, one number) must not add the same rule twice.
    const numbers = new Set<number>();
    for (const name of rule.names) {
      const nr = table.get(name);
      if (nr === undefined) continue;
      resolved.add(name);
      numbers.add(nr);
    }
    for (const nr of numbers) {
      const list = bySyscall.get(nr) ?? [];
      list.push(rule);
      bySyscall.set(nr, list);
    }
  }
  const numbers = [...bySyscall.keys()].sort((x, y) => x - y);
  const emitBody = (nr: number): void =>
    emitSyscall(b, bySyscall.get(nr) as SyscallRule[], plan.defaultRet, arch, littleEndian);
  emitSearch(b, numbers, 0, numbers.length, plan.defaultRet, emitBody);
}

function emitSearch(
  b: ProgramBuilder,
  numbers: readonly number[],
  from: number,
  to: number,
  defaultRet: number,
  emitBody: (nr: number) => void,
): void {
  if (to - from <= LINEAR_RUN) {
    for (let i = from; i < to; i++) {
      const next = b.newLabel();
      b.jump('jeq', numbers[i], null, next);
      emitBody(numbers[i]);
      b.place(next);
    }
    b.ret(defaultRet);
    return;
  }
  const mid = (from + to) >> 1;
  const upper = b.newLabel();
  b.jump('jge', numbers[mid], upper, null);
  emitSearch(b, numbers, from, mid, defaultRet, emitBody);
  b.place(upper);
  emitSearch(b, numbers, mid, to, defaultRet, emitBody);
}

function emitSyscall(
  b: ProgramBuilder,
  rules: readonly SyscallRule[],
  defaultRet: number,
  arch: SeccompArch,
  littleEndian: boolean,
): void {
  const ordered = [...rules].sort(
    (x, y) => actionRestrictiveness(x.ret) - actionRestrictiveness(y.ret) || x.order - y.order,
  );
  for (const rule of ordered) {
    const conditions = conditionsFor(rule.conditions, arch);
    if (conditions === 'never') continue;
    if (conditions.length === 0) {
      b.ret(rule.ret);
      return;
    }
    const fail = b.newLabel();
    for (const c of conditions)
      emitCondition(b, c, argWordOffsets(c.index, littleEndian), arch.bits === 32, fail);
    b.ret(rule.ret);
    b.place(fail);
  }
  b.ret(defaultRet);
}

/** The conditions still to test at run time on this ABI, or 'never' if the rule cannot match. */
function conditionsFor(
  conditions: readonly ArgCondition[],
  arch: SeccompArch,
): readonly ArgCondition[] | 'never' {
  if (arch.bits === 64) return conditions;
  const left: ArgCondition[] = [];
  for (const c of conditions) {
    const decided = decideByZeroHighWord(c);
    if (decided === 'never') return 'never';
    if (decided === 'low-word') left.push(c);
  }
  return left;
}
