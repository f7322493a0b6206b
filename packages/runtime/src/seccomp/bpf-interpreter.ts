/**
 * Runs a seccomp filter on one struct seccomp_data, the way the kernel would: used by the unit
 * tests to check verdicts for arguments the real kernel tests cannot easily produce, and handy to
 * see what a profile does with a syscall.
 */
import {
  BPF_ALU_AND_K,
  BPF_JMP_JA,
  BPF_JMP_JEQ_K,
  BPF_JMP_JGE_K,
  BPF_JMP_JGT_K,
  BPF_JMP_JSET_K,
  BPF_LD_W_ABS,
  BPF_RET_K,
  decodeSockFilters,
  type SockFilter,
} from './bpf';

export interface SeccompData {
  nr: number;
  arch: number;
  instructionPointer?: bigint;
  args?: readonly bigint[];
}

const SECCOMP_DATA_SIZE = 64;
// Tests run one filter on thousands of inputs: decode it once.
const decoded = { le: new WeakMap<Buffer, SockFilter[]>(), be: new WeakMap<Buffer, SockFilter[]>() };

export function encodeSeccompData(data: SeccompData, littleEndian: boolean): Buffer {
  const buf = Buffer.alloc(SECCOMP_DATA_SIZE);
  const u32 = (v: number, at: number): number =>
    littleEndian ? buf.writeUInt32LE(v >>> 0, at) : buf.writeUInt32BE(v >>> 0, at);
  const u64 = (v: bigint, at: number): number =>
    littleEndian ? buf.writeBigUInt64LE(v, at) : buf.writeBigUInt64BE(v, at);
  u32(data.nr, 0);
  u32(data.arch, 4);
  u64(data.instructionPointer ?? 0n, 8);
  (data.args ?? []).forEach((arg, i) => u64(BigInt.asUintN(64, arg), 16 + 8 * i));
  return buf;
}

/** The filter's return value for `data`. Throws on anything the kernel's checker would refuse. */
export function runSeccompFilter(filter: Buffer, data: SeccompData, littleEndian = true): number {
  const cache = littleEndian ? decoded.le : decoded.be;
  let insns = cache.get(filter);
  if (insns === undefined) {
    insns = decodeSockFilters(filter, littleEndian);
    cache.set(filter, insns);
  }
  const mem = encodeSeccompData(data, littleEndian);
  let a = 0;
  for (let pc = 0; pc < insns.length; pc++) {
    const { code, jt, jf, k } = insns[pc];
    const branch = (taken: boolean): void => {
      pc += taken ? jt : jf;
    };
    switch (code) {
      case BPF_LD_W_ABS:
        if (k % 4 !== 0 || k + 4 > SECCOMP_DATA_SIZE) throw new RangeError(`pc ${pc}: bad load offset ${k}`);
        a = littleEndian ? mem.readUInt32LE(k) : mem.readUInt32BE(k);
        break;
      case BPF_ALU_AND_K:
        a = (a & k) >>> 0;
        break;
      case BPF_JMP_JA:
        pc += k;
        break;
      case BPF_JMP_JEQ_K:
        branch(a === k);
        break;
      case BPF_JMP_JGT_K:
        branch(a > k);
        break;
      case BPF_JMP_JGE_K:
        branch(a >= k);
        break;
      case BPF_JMP_JSET_K:
        branch((a & k) !== 0);
        break;
      case BPF_RET_K:
        return k;
      default:
        throw new RangeError(`pc ${pc}: opcode 0x${code.toString(16)} is not used by seccomp filters here`);
    }
  }
  throw new RangeError('the filter ran off its end');
}
