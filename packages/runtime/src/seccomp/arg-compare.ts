/**
 * Comparisons of a 64-bit syscall argument, which classic BPF can only load 32 bits at a time:
 * the value is split into its high and low words and compared high word first, the way
 * libseccomp does. On 32-bit ABIs the kernel zero-extends arguments, so the high word is known to
 * be 0: that half of the comparison is decided here and only the low word is loaded.
 */
import type { Label, ProgramBuilder } from './assembler';

export const SECCOMP_OPERATORS = [
  'SCMP_CMP_NE',
  'SCMP_CMP_LT',
  'SCMP_CMP_LE',
  'SCMP_CMP_EQ',
  'SCMP_CMP_GE',
  'SCMP_CMP_GT',
  'SCMP_CMP_MASKED_EQ',
] as const;

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
 * For an argument whose high word is 0: 'always' or 'never' when the high words alone decide the
 * comparison, 'low-word' when the low words must be compared.
 */
export function decideByZeroHighWord(c: ArgCondition): 'always' | 'never' | 'low-word' {
  // (0 & mask) == datum only if the datum's high word is 0 too.
  if (c.op === 'SCMP_CMP_MASKED_EQ') return splitWords(c.valueTwo).hi === 0 ? 'low-word' : 'never';
  if (splitWords(c.value).hi === 0) return 'low-word';
  // 0 < high word of the value: the argument is smaller than the value.
  return c.op === 'SCMP_CMP_NE' || c.op === 'SCMP_CMP_LT' || c.op === 'SCMP_CMP_LE' ? 'always' : 'never';
}

/**
 * Emits code that falls through when the condition holds and jumps to `fail` otherwise.
 * `highWordIsZero` selects the 32-bit ABI form (see decideByZeroHighWord, which must have said
 * 'low-word').
 */
export function emitCondition(
  b: ProgramBuilder,
  c: ArgCondition,
  offsets: { hi: number; lo: number },
  highWordIsZero: boolean,
  fail: Label,
): void {
  const value = splitWords(c.value);
  const datum = splitWords(c.valueTwo);
  if (c.op === 'SCMP_CMP_MASKED_EQ') {
    if (!highWordIsZero) {
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
  if (!highWordIsZero) {
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
