/**
 * Comparisons of a 64-bit syscall argument, which classic BPF can only load 32 bits at a time:
 * the value is split into its high and low words and compared high word first, the way
 * libseccomp does. On 32-bit ABIs libseccomp compares only the low words (the value is truncated
 * to 32 bits), so a profile written with 64-bit values such as (u64)-100 still matches the
 * zero-extended argument of a 32-bit process; we do the same.
 */
import { SECCOMP_OPERATORS } from '@berth/oci';
import type { Label, ProgramBuilder } from './assembler';

export { SECCOMP_OPERATORS };

export type SeccompOperator = (typeof SECCOMP_OPERATORS)[number];

export interface ArgCondition {
  index: number;
  op: SeccompOperator;
  /** The datum, or for MASKED_EQ the mask (runtime-spec `value`). */
  value: bigint;
  /** For MASKED_EQ the datum compared with `arg & mask` (runtime-spec `valueTwo`). */
  valueTwo: bigint;
}

export interface Words {
  hi: number;
  lo: number;
}

export function splitWords(value: bigint): Words {
  return { hi: Number((value >> 32n) & 0xffffffffn), lo: Number(value & 0xffffffffn) };
}

/** Offsets of an argument's two words in struct seccomp_data (args[] starts at byte 16). */
export function argWordOffsets(index: number, littleEndian: boolean): { hi: number; lo: number } {
  const base = 16 + 8 * index;
  return littleEndian ? { lo: base, hi: base + 4 } : { hi: base, lo: base + 4 };
}

/**
 * Emits code that falls through when the condition holds and jumps to `fail` otherwise.
 * `lowWordOnly` selects the 32-bit ABI form.
 */
export function emitCondition(
  b: ProgramBuilder,
  c: ArgCondition,
  offsets: { hi: number; lo: number },
  lowWordOnly: boolean,
  fail: Label,
): void {
  const value = splitWords(c.value);
  const datum = splitWords(c.valueTwo);
  if (c.op === 'SCMP_CMP_MASKED_EQ') {
    if (!lowWordOnly) {
      b.load(offsets.hi);
      b.and(value.hi);
      b.jump('jeq', datum.hi, null, fail);
    }
    b.load(offsets.lo);
    b.and(value.lo);
    b.jump('jeq', datum.lo, null, fail);
    return;
  }
  // Decide on the high words; `pass` is where an already-decided success continues.
  const pass = b.newLabel();
  if (!lowWordOnly) {
    b.load(offsets.hi);
    switch (c.op) {
      case 'SCMP_CMP_EQ':
        b.jump('jeq', value.hi, null, fail);
        break;
      case 'SCMP_CMP_NE':
        b.jump('jeq', value.hi, null, pass);
        break;
      case 'SCMP_CMP_GT':
      case 'SCMP_CMP_GE':
        b.jump('jgt', value.hi, pass, null);
        b.jump('jeq', value.hi, null, fail);
        break;
      case 'SCMP_CMP_LT':
      case 'SCMP_CMP_LE':
        b.jump('jge', value.hi, null, pass);
        b.jump('jeq', value.hi, null, fail);
        break;
    }
  }
  // High words are equal: the low words decide.
  b.load(offsets.lo);
  switch (c.op) {
    case 'SCMP_CMP_EQ':
      b.jump('jeq', value.lo, null, fail);
      break;
    case 'SCMP_CMP_NE':
      b.jump('jeq', value.lo, fail, null);
      break;
    case 'SCMP_CMP_GT':
      b.jump('jgt', value.lo, null, fail);
      break;
    case 'SCMP_CMP_GE':
      b.jump('jge', value.lo, null, fail);
      break;
    case 'SCMP_CMP_LT':
      b.jump('jge', value.lo, fail, null);
      break;
    case 'SCMP_CMP_LE':
      b.jump('jgt', value.lo, fail, null);
      break;
  }
  b.place(pass);
}
