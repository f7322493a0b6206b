// Resolves the default seccomp rules (seccomp-rules.ts) for one container: its capabilities
// and the host architecture decide which rules apply, as docker does when it loads its profile.
import type { Capability, LinuxSeccomp, LinuxSyscall, SeccompArch } from '@berth/oci';
import { DEFAULT_SECCOMP_RULES, type SeccompRule } from './seccomp-rules';

const EPERM = 1;

/** The seccomp architectures a host runs natively (including its compat ABIs). */
const ARCHITECTURES: Partial<Record<NodeJS.Architecture, SeccompArch[]>> = {
  x64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  ia32: ['SCMP_ARCH_X86'],
  arm64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
  arm: ['SCMP_ARCH_ARM'],
  ppc64: ['SCMP_ARCH_PPC64LE'],
  s390x: ['SCMP_ARCH_S390X', 'SCMP_ARCH_S390'],
  riscv64: ['SCMP_ARCH_RISCV64'],
  loong64: ['SCMP_ARCH_LOONGARCH64'],
  mips: ['SCMP_ARCH_MIPS'],
  mipsel: ['SCMP_ARCH_MIPSEL'],
};

function applies(rule: SeccompRule, caps: ReadonlySet<Capability>, arch: NodeJS.Architecture): boolean {
  if (rule.arches && !rule.arches.includes(arch)) return false;
  if (rule.requires && !rule.requires.every((cap) => caps.has(cap))) return false;
  if (rule.unless && caps.has(rule.unless)) return false;
  return true;
}

function toSyscall(rule: SeccompRule): LinuxSyscall {
  const syscall: LinuxSyscall = {
    names: [...rule.names],
    action: rule.errno === undefined ? 'SCMP_ACT_ALLOW' : 'SCMP_ACT_ERRNO',
  };
  if (rule.errno !== undefined) syscall.errnoRet = rule.errno;
  if (rule.args) syscall.args = rule.args.map((arg) => ({ ...arg }));
  return syscall;
}

/**
 * The default profile for a container holding `capabilities` on a host of `arch`: EPERM for
 * everything not allowed. Unconditional allows are merged into one rule (runtimes build one
 * BPF check per rule, so fewer rules mean a faster filter); argument-checked and errno rules
 * follow in order.
 */
export function defaultSeccompProfile(
  capabilities: readonly Capability[],
  arch: NodeJS.Architecture = process.arch,
): LinuxSeccomp {
  const caps = new Set(capabilities);
  const plainAllows = new Set<string>();
  const conditional: LinuxSyscall[] = [];
  for (const rule of DEFAULT_SECCOMP_RULES) {
    if (!applies(rule, caps, arch)) continue;
    if (rule.args === undefined && rule.errno === undefined)
      rule.names.forEach((name) => plainAllows.add(name));
    else conditional.push(toSyscall(rule));
  }
  // A call allowed outright needs no conditional rule (clone with CAP_SYS_ADMIN, for example).
  const remaining = conditional.filter((syscall) => !syscall.names.every((name) => plainAllows.has(name)));
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    architectures: ARCHITECTURES[arch] ?? [],
    syscalls: [{ names: [...plainAllows].sort(), action: 'SCMP_ACT_ALLOW' }, ...remaining],
  };
}
