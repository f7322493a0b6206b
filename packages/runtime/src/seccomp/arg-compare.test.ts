import { SECCOMP_OPERATORS, splitWords, argWordOffsets, type SeccompOperator } from './arg-compare';
import { runSeccompFilter } from './bpf-interpreter';
import { compileSeccomp } from './compile';

const AUDIT_X86_64 = 0xc000003e;
const AUDIT_I386 = 0x40000003;
const ALLOW = 0x7fff0000;
const EPERM_RET = 0x00050001;
const PERSONALITY = { x86_64: 135, x86: 136 };

const EDGES = [
  0n,
  1n,
  0xfffffffen,
  0xffffffffn,
  0x1_0000_0000n,
  0x1_0000_0001n,
  0x1_ffff_ffffn,
  0x7fff_ffff_ffff_ffffn,
  0x8000_0000_0000_0000n,
  0xffff_ffff_0000_0000n,
  0xffff_ffff_ffff_fffen,
  0xffff_ffff_ffff_ffffn,
];

function reference(op: SeccompOperator, arg: bigint, value: bigint, valueTwo: bigint): boolean {
  switch (op) {
    case 'SCMP_CMP_EQ':
      return arg === value;
    case 'SCMP_CMP_NE':
      return arg !== value;
    case 'SCMP_CMP_LT':
      return arg < value;
    case 'SCMP_CMP_LE':
      return arg <= value;
    case 'SCMP_CMP_GT':
      return arg > value;
    case 'SCMP_CMP_GE':
      return arg >= value;
    case 'SCMP_CMP_MASKED_EQ':
      return (arg & value) === valueTwo;
  }
}

function profileFor(op: SeccompOperator, value: bigint, valueTwo: bigint, index = 0) {
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],
    syscalls: [{ names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index, op, value, valueTwo }] }],
  };
}

describe('64-bit argument words', () => {
  it('splits values into high and low 32-bit words', () => {
    expect(splitWords(0n)).toEqual({ hi: 0, lo: 0 });
    expect(splitWords(0x1234_5678_9abc_def0n)).toEqual({ hi: 0x1234_5678, lo: 0x9abc_def0 });
    expect(splitWords(0xffff_ffff_ffff_ffffn)).toEqual({ hi: 0xffff_ffff, lo: 0xffff_ffff });
  });

  it('finds each word of args[i] in struct seccomp_data for either byte order', () => {
    expect(argWordOffsets(0, true)).toEqual({ lo: 16, hi: 20 });
    expect(argWordOffsets(5, true)).toEqual({ lo: 56, hi: 60 });
    expect(argWordOffsets(2, false)).toEqual({ hi: 32, lo: 36 });
  });
});

describe.each(SECCOMP_OPERATORS)('%s on 64-bit values', (op) => {
  it('matches exactly when the high and low words straddle every edge', () => {
    for (const value of EDGES) {
      const masks = op === 'SCMP_CMP_MASKED_EQ' ? [0xffff_ffff_0000_ffffn, 0xf0n, 0n] : [0n];
      for (const mask of masks) {
        const [v, v2] = op === 'SCMP_CMP_MASKED_EQ' ? [mask, value & mask] : [value, 0n];
        const { filter } = compileSeccomp(profileFor(op, v, v2, 3), { arch: 'SCMP_ARCH_X86_64' });
        for (const arg of EDGES) {
          const args = [0n, 0n, 0n, arg, 0n, 0n];
          const got = runSeccompFilter(filter, { nr: PERSONALITY.x86_64, arch: AUDIT_X86_64, args });
          expect({ op, v, v2, arg, allowed: got === ALLOW }).toEqual({
            op,
            v,
            v2,
            arg,
            allowed: reference(op, arg, v, v2),
          });
        }
      }
    }
  });

  it('compares only the low words on 32-bit ABIs, the value truncated like libseccomp does', () => {
    const low = (v: bigint) => v & 0xffffffffn;
    for (const value of EDGES) {
      const [v, v2] = op === 'SCMP_CMP_MASKED_EQ' ? [0xffff_ffff_ffff_00ffn, value] : [value, 0n];
      const { filter } = compileSeccomp(profileFor(op, v, v2), { arch: 'SCMP_ARCH_X86_64' });
      for (const arg of EDGES.filter((e) => e <= 0xffffffffn)) {
        const got = runSeccompFilter(filter, { nr: PERSONALITY.x86, arch: AUDIT_I386, args: [arg] });
        const expected = reference(op, arg, low(v), low(v2));
        expect({ op, v, v2, arg, allowed: got === ALLOW }).toEqual({ op, v, v2, arg, allowed: expected });
        expect([ALLOW, EPERM_RET]).toContain(got);
      }
    }
  });
});
