// Encoding of eBPF instructions (struct bpf_insn, linux/bpf.h) for the few operations the device
// filter uses. Each instruction is 8 bytes: opcode, dst/src registers, 16-bit offset, 32-bit immediate.

export const BPF_INSN_SIZE = 8;

export interface BpfInsn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

// Opcodes: class | operation | source (linux/bpf_common.h, linux/bpf.h).
const BPF_LDX_MEM_W = 0x61; // dst = *(u32 *)(src + off)
const BPF_ALU32_AND_K = 0x54; // dst &= imm (32-bit)
const BPF_ALU32_RSH_K = 0x74; // dst >>= imm (32-bit)
const BPF_ALU32_MOV_X = 0xbc; // dst = src (32-bit)
const BPF_ALU64_MOV_K = 0xb7; // dst = imm
const BPF_JMP_JNE_K = 0x55; // if dst != imm goto pc + 1 + off
const BPF_JMP_EXIT = 0x95; // return r0

export const insn = {
  loadWord: (dst: number, src: number, off: number): BpfInsn => ({
    code: BPF_LDX_MEM_W,
    dst,
    src,
    off,
    imm: 0,
  }),
  and32: (dst: number, imm: number): BpfInsn => ({ code: BPF_ALU32_AND_K, dst, src: 0, off: 0, imm }),
  rsh32: (dst: number, imm: number): BpfInsn => ({ code: BPF_ALU32_RSH_K, dst, src: 0, off: 0, imm }),
  mov32Reg: (dst: number, src: number): BpfInsn => ({ code: BPF_ALU32_MOV_X, dst, src, off: 0, imm: 0 }),
  mov64: (dst: number, imm: number): BpfInsn => ({ code: BPF_ALU64_MOV_K, dst, src: 0, off: 0, imm }),
  jumpIfNotEqual: (dst: number, imm: number, off: number): BpfInsn => ({
    code: BPF_JMP_JNE_K,
    dst,
    src: 0,
    off,
    imm,
  }),
  exit: (): BpfInsn => ({ code: BPF_JMP_EXIT, dst: 0, src: 0, off: 0, imm: 0 }),
};

/** Serialises instructions in the host's byte order (little-endian on every Linux arch we run on). */
export function encodeInsns(insns: readonly BpfInsn[]): Buffer {
  const buffer = Buffer.alloc(insns.length * BPF_INSN_SIZE);
  insns.forEach((ins, i) => {
    const at = i * BPF_INSN_SIZE;
    buffer.writeUInt8(ins.code, at);
    buffer.writeUInt8(((ins.src & 0xf) << 4) | (ins.dst & 0xf), at + 1);
    buffer.writeInt16LE(ins.off, at + 2);
    buffer.writeInt32LE(ins.imm, at + 4);
  });
  return buffer;
}
