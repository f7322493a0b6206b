/**
 * Classic BPF as seccomp accepts it: the opcodes we emit and the 8-byte `struct sock_filter`
 * encoding (u16 code, u8 jt, u8 jf, u32 k, in host byte order).
 */
export const BPF_LD_W_ABS = 0x20; // BPF_LD | BPF_W | BPF_ABS
export const BPF_ALU_AND_K = 0x54; // BPF_ALU | BPF_AND | BPF_K
export const BPF_JMP_JA = 0x05; // BPF_JMP | BPF_JA
export const BPF_JMP_JEQ_K = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
export const BPF_JMP_JGT_K = 0x25; // BPF_JMP | BPF_JGT | BPF_K
export const BPF_JMP_JGE_K = 0x35; // BPF_JMP | BPF_JGE | BPF_K
export const BPF_JMP_JSET_K = 0x45; // BPF_JMP | BPF_JSET | BPF_K
export const BPF_RET_K = 0x06; // BPF_RET | BPF_K

/** The kernel refuses longer programs (BPF_MAXINSNS). */
export const BPF_MAX_INSNS = 4096;
/** Conditional jump offsets are u8: farther targets need a `ja` trampoline. */
export const BPF_MAX_COND_OFFSET = 255;
export const SOCK_FILTER_SIZE = 8;

export interface SockFilter {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

export function encodeSockFilters(insns: readonly SockFilter[], littleEndian: boolean): Buffer {
  const buf = Buffer.alloc(insns.length * SOCK_FILTER_SIZE);
  insns.forEach((insn, i) => {
    const at = i * SOCK_FILTER_SIZE;
    if (littleEndian) {
      buf.writeUInt16LE(insn.code, at);
      buf.writeUInt32LE(insn.k >>> 0, at + 4);
    } else {
      buf.writeUInt16BE(insn.code, at);
      buf.writeUInt32BE(insn.k >>> 0, at + 4);
    }
    buf.writeUInt8(insn.jt, at + 2);
    buf.writeUInt8(insn.jf, at + 3);
  });
  return buf;
}

export function decodeSockFilters(buf: Buffer, littleEndian: boolean): SockFilter[] {
  if (buf.length % SOCK_FILTER_SIZE !== 0)
    throw new RangeError(`filter length ${buf.length} is not a multiple of 8`);
  const out: SockFilter[] = [];
  for (let at = 0; at < buf.length; at += SOCK_FILTER_SIZE) {
    out.push({
      code: littleEndian ? buf.readUInt16LE(at) : buf.readUInt16BE(at),
      jt: buf.readUInt8(at + 2),
      jf: buf.readUInt8(at + 3),
      k: littleEndian ? buf.readUInt32LE(at + 4) : buf.readUInt32BE(at + 4),
    });
  }
  return out;
}
