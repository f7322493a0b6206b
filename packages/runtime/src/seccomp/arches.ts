/**
 * The architectures a filter can cover: how the kernel names each in seccomp_data.arch
 * (AUDIT_ARCH_*, from linux/audit.h) and which syscall table it uses.
 */
import { endianness } from 'node:os';

const EM_386 = 3;
const EM_PPC = 20;
const EM_PPC64 = 21;
const EM_S390 = 22;
const EM_ARM = 40;
const EM_X86_64 = 62;
const EM_AARCH64 = 183;
const EM_RISCV = 243;
const AUDIT_ARCH_64BIT = 0x80000000;
const AUDIT_ARCH_LE = 0x40000000;

/** Set in the syscall number of x32 ABI calls, which share AUDIT_ARCH_X86_64 with x86_64. */
export const X32_SYSCALL_BIT = 0x40000000;

export interface SeccompArch {
  /** runtime-spec / libseccomp name. */
  name: string;
  /** seccomp_data.arch value. */
  audit: number;
  /** Key of the syscall table in syscall-tables.generated.ts. */
  table: string;
  /**
   * Width of syscall arguments. On 32-bit ABIs only the low word of an argument is compared, with
   * the low word of the rule's value, as libseccomp does (x32 included).
   */
  bits: 32 | 64;
  littleEndian: boolean;
}

function arch(
  name: string,
  machine: number,
  bits: 32 | 64,
  littleEndian: boolean,
  table: string,
): SeccompArch {
  const audit = (machine | (bits === 64 ? AUDIT_ARCH_64BIT : 0) | (littleEndian ? AUDIT_ARCH_LE : 0)) >>> 0;
  return { name, audit, table, bits, littleEndian };
}

export const SECCOMP_ARCHES: readonly SeccompArch[] = [
  arch('SCMP_ARCH_X86_64', EM_X86_64, 64, true, 'x86_64'),
  arch('SCMP_ARCH_X86', EM_386, 32, true, 'x86'),
  // x32 is x86_64's audit arch with X32_SYSCALL_BIT in the number; libseccomp treats its
  // arguments as 32-bit, so its audit value is built by hand below.
  { ...arch('SCMP_ARCH_X86_64', EM_X86_64, 64, true, 'x32'), name: 'SCMP_ARCH_X32', bits: 32 },
  arch('SCMP_ARCH_AARCH64', EM_AARCH64, 64, true, 'aarch64'),
  arch('SCMP_ARCH_ARM', EM_ARM, 32, true, 'arm'),
  arch('SCMP_ARCH_RISCV64', EM_RISCV, 64, true, 'riscv64'),
  arch('SCMP_ARCH_PPC64LE', EM_PPC64, 64, true, 'ppc64'),
  arch('SCMP_ARCH_PPC64', EM_PPC64, 64, false, 'ppc64'),
  arch('SCMP_ARCH_PPC', EM_PPC, 32, false, 'ppc'),
  arch('SCMP_ARCH_S390X', EM_S390, 64, false, 's390x'),
  arch('SCMP_ARCH_S390', EM_S390, 32, false, 's390'),
];

/**
 * runtime-spec architectures with no syscall table here. No kernel we can run on executes their
 * syscalls, so leaving them out changes nothing: such a call would still get the bad-arch action.
 */
export const FOREIGN_ARCH_NAMES: ReadonlySet<string> = new Set([
  'SCMP_ARCH_MIPS',
  'SCMP_ARCH_MIPS64',
  'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL',
  'SCMP_ARCH_MIPSEL64',
  'SCMP_ARCH_MIPSEL64N32',
  'SCMP_ARCH_PARISC',
  'SCMP_ARCH_PARISC64',
  'SCMP_ARCH_LOONGARCH64',
  'SCMP_ARCH_M68K',
  'SCMP_ARCH_SH',
  'SCMP_ARCH_SHEB',
]);

const BY_NAME = new Map(SECCOMP_ARCHES.map((a) => [a.name, a]));

/** Node's process.arch → the native SCMP_ARCH_* name. */
const NODE_ARCHES: Readonly<Record<string, string>> = {
  x64: 'SCMP_ARCH_X86_64',
  ia32: 'SCMP_ARCH_X86',
  arm64: 'SCMP_ARCH_AARCH64',
  arm: 'SCMP_ARCH_ARM',
  riscv64: 'SCMP_ARCH_RISCV64',
  s390x: 'SCMP_ARCH_S390X',
  s390: 'SCMP_ARCH_S390',
  ppc64: endianness() === 'LE' ? 'SCMP_ARCH_PPC64LE' : 'SCMP_ARCH_PPC64',
  ppc: 'SCMP_ARCH_PPC',
};

export function findArch(name: string): SeccompArch | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(NODE_ARCHES[name] ?? '');
}

export function nativeArchName(): string | undefined {
  return NODE_ARCHES[process.arch];
}
