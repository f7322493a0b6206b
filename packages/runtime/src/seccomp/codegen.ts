/**
 * Generates the filter program for a validated plan.
 *
 * Layout: load seccomp_data.arch and compare it with each covered architecture in turn (native
 * first); an unknown architecture gets the bad-arch action. Inside an architecture the syscall
 * numbers are split into runs that share a verdict (see segmentsFor) and the number is found by a
 * binary search on the run starts; numbers without rules get the default action. How one
 * syscall's rules combine is described at verdictFor.
 */
import { actionRestrictiveness, isAllowing, SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_THREAD } from './actions';
import { argWordOffsets, emitCondition, type ArgCondition } from './arg-compare';
import { X32_SYSCALL_BIT, type SeccompArch } from './arches';
import { ProgramBuilder } from './assembler';
import { multiplexedCall } from './multiplexed';
import type { SockFilter } from './bpf';
import type { SeccompPlan, SyscallRule } from './profile';
import { syscallTable } from './syscall-table';

const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const SKIPPED_SYSCALL = 0xffffffff;
const ENOSYS = 38;
/** What libseccomp does, by default, with a syscall from an architecture not in the filter. */
export const BAD_ARCH_RET = SECCOMP_RET_KILL_THREAD;

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
      if (x32) emitArch(b, plan, x32, littleEndian, resolved);
      else {
        // -1 is what a tracer sets to skip a syscall; libseccomp lets it reach the default action.
        const foreign = b.newLabel();
        b.jump('jeq', SKIPPED_SYSCALL, null, foreign);
        b.ret(plan.defaultRet);
        b.place(foreign);
        b.ret(BAD_ARCH_RET);
      }
    } else {
      emitArch(b, plan, sharing[0], littleEndian, resolved);
    }
    b.place(nextArch);
  }
  b.ret(BAD_ARCH_RET);
  const unresolved = new Set(plan.rules.flatMap((r) => r.names).filter((name) => !resolved.has(name)));
  return { instructions: b.assemble(), unresolvedSyscalls: [...unresolved] };
}

/** What one syscall number gets: a plain return, or argument checks tried in order. */
type Verdict =
  | { kind: 'ret'; ret: number }
  | { kind: 'checks'; steps: { conditions: readonly ArgCondition[]; ret: number }[]; otherwise: number };

/** A run of consecutive syscall numbers, from `from` up to the next segment's start. */
interface Segment {
  from: number;
  verdict: Verdict;
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
  const addRule = (nr: number, rule: SyscallRule): void => {
    const list = bySyscall.get(nr) ?? [];
    if (!list.includes(rule)) list.push(rule);
    bySyscall.set(nr, list);
  };
  for (const rule of plan.rules) {
    // Aliases (two names, one number) add the rule once: addRule skips repeats.
    for (const name of rule.names) {
      const nr = table.get(name);
      if (nr !== undefined) {
        resolved.add(name);
        addRule(nr, rule);
      }
      const muxed = multiplexedCall(arch.table, name);
      const muxNr = muxed && table.get(muxed.multiplexer);
      if (muxed && muxNr !== undefined) {
        resolved.add(name);
        addRule(muxNr, {
          names: [muxed.multiplexer],
          ret: rule.ret,
          conditions: [muxed.condition],
          order: rule.order,
        });
      }
    }
  }
  const segments = segmentsFor(bySyscall, plan.defaultRet, newSyscallsFrom(plan, table));
  emitSearch(b, segments, 0, segments.length, arch, littleEndian);
}

/**
 * Where runc's ENOSYS stub starts on this ABI: syscalls numbered above every syscall the profile
 * names are newer than the profile, and get ENOSYS instead of a denying default action, so that
 * libc falls back to older calls (clone3 → clone, faccessat2 → faccessat). Measured with runc
 * 1.1.5: the stub covers every default action except ALLOW and LOG, and counts every name listed,
 * whatever its action.
 */
function newSyscallsFrom(plan: SeccompPlan, table: ReadonlyMap<string, number>): number | undefined {
  if (isAllowing(plan.defaultRet)) return undefined;
  let newest: number | undefined;
  for (const name of plan.namedSyscalls) {
    const nr = table.get(name);
    if (nr !== undefined && (newest === undefined || nr > newest)) newest = nr;
  }
  return newest === undefined || newest >= SKIPPED_SYSCALL - 1 ? undefined : newest + 1;
}

/**
 * Splits the syscall number space into runs with one verdict each, merging neighbours that just
 * return the same value: an allow-list of hundreds of syscalls becomes a few dozen ranges.
 */
function segmentsFor(
  bySyscall: ReadonlyMap<number, SyscallRule[]>,
  defaultRet: number,
  newSyscalls: number | undefined,
): Segment[] {
  const segments: Segment[] = [{ from: 0, verdict: { kind: 'ret', ret: defaultRet } }];
  const add = (from: number, verdict: Verdict): void => {
    // A segment that would be empty is replaced, which may let the new one merge with its predecessor.
    if (segments.length > 1 && segments[segments.length - 1].from === from) segments.pop();
    const last = segments[segments.length - 1];
    if (last.verdict.kind === 'ret' && verdict.kind === 'ret' && last.verdict.ret === verdict.ret) return;
    if (last.from === from) segments[segments.length - 1] = { from, verdict };
    else segments.push({ from, verdict });
  };
  for (const nr of [...bySyscall.keys()].sort((x, y) => x - y)) {
    add(nr, verdictFor(bySyscall.get(nr) as SyscallRule[], defaultRet));
    if (nr < 0xffffffff) add(nr + 1, { kind: 'ret', ret: defaultRet });
  }
  if (newSyscalls !== undefined) {
    add(newSyscalls, { kind: 'ret', ret: (SECCOMP_RET_ERRNO | ENOSYS) >>> 0 });
    // -1 (a syscall skipped by a tracer) keeps the default action, as without the stub.
    add(SKIPPED_SYSCALL, { kind: 'ret', ret: defaultRet });
  }
  return segments;
}

/**
 * As in libseccomp, a rule without argument conditions decides the whole syscall, the first such
 * rule if there are several, whatever the other rules say. Otherwise the conditional rules are
 * tried most restrictive first, so where they overlap the most restrictive matching one wins.
 */
function verdictFor(rules: readonly SyscallRule[], defaultRet: number): Verdict {
  const steps: { conditions: readonly ArgCondition[]; ret: number; order: number }[] = [];
  for (const rule of rules) {
    if (rule.conditions.length === 0) return { kind: 'ret', ret: rule.ret };
    steps.push({ conditions: rule.conditions, ret: rule.ret, order: rule.order });
  }
  if (steps.length === 0) return { kind: 'ret', ret: defaultRet };
  steps.sort((x, y) => actionRestrictiveness(x.ret) - actionRestrictiveness(y.ret) || x.order - y.order);
  return { kind: 'checks', steps, otherwise: defaultRet };
}

/** Binary search on the segment starts, with the syscall number in A. */
function emitSearch(
  b: ProgramBuilder,
  segments: readonly Segment[],
  from: number,
  to: number,
  arch: SeccompArch,
  littleEndian: boolean,
): void {
  if (to - from === 1) {
    emitVerdict(b, segments[from].verdict, arch, littleEndian);
    return;
  }
  const mid = (from + to) >> 1;
  const upper = b.newLabel();
  b.jump('jge', segments[mid].from, upper, null);
  emitSearch(b, segments, from, mid, arch, littleEndian);
  b.place(upper);
  emitSearch(b, segments, mid, to, arch, littleEndian);
}

function emitVerdict(b: ProgramBuilder, verdict: Verdict, arch: SeccompArch, littleEndian: boolean): void {
  if (verdict.kind === 'ret') {
    b.ret(verdict.ret);
    return;
  }
  for (const step of verdict.steps) {
    const fail = b.newLabel();
    for (const c of step.conditions)
      emitCondition(b, c, argWordOffsets(c.index, littleEndian), arch.bits === 32, fail);
    b.ret(step.ret);
    b.place(fail);
  }
  b.ret(verdict.otherwise);
}
