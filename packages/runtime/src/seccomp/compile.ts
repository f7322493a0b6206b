import { BPF_MAX_INSNS, encodeSockFilters } from './bpf';
import { generateFilter } from './codegen';
import { SeccompFilterTooLargeError } from './errors';
import { planSeccomp } from './profile';
import type { CompiledSeccomp, CompileSeccompOptions, SeccompProfileInput } from './types';

export interface CompiledSeccompDetails extends CompiledSeccomp {
  /** Syscall names no covered architecture knows; skipped, as runc does (worth a debug log). */
  unresolvedSyscalls: string[];
}

/**
 * Compiles a runtime-spec `linux.seccomp` profile into a classic BPF seccomp filter.
 * Throws SeccompProfileError (naming the field) for an invalid profile and
 * SeccompFilterTooLargeError if the program exceeds the kernel's 4096 instructions.
 */
export function compileSeccomp(
  profile: SeccompProfileInput,
  options: CompileSeccompOptions = {},
): CompiledSeccompDetails {
  const plan = planSeccomp(profile, options);
  const { instructions, unresolvedSyscalls } = generateFilter(plan);
  if (instructions.length > BPF_MAX_INSNS)
    throw new SeccompFilterTooLargeError(instructions.length, BPF_MAX_INSNS);
  return {
    filter: encodeSockFilters(instructions, plan.arches[0].littleEndian),
    flags: plan.flags,
    needsListener: plan.needsListener,
    unresolvedSyscalls,
  };
}
