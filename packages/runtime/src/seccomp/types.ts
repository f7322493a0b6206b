/**
 * The runtime-spec `linux.seccomp` object (config-linux.md, "Seccomp") as the compiler reads it.
 * Enumerations are plain strings on purpose: the compiler validates them itself, so it accepts
 * whatever @berth/oci's parsed Spec holds and reports an unknown value with its field path.
 */
export interface SeccompArgInput {
  index: number;
  value: number | bigint;
  valueTwo?: number | bigint;
  op: string;
}

export interface SeccompSyscallInput {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: SeccompArgInput[];
}

export interface SeccompProfileInput {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: SeccompSyscallInput[];
}

export interface CompileSeccompOptions {
  /**
   * The architecture of the kernel the filter will be loaded into: an SCMP_ARCH_* name or a Node
   * `process.arch` value. Defaults to this process's. It is always part of the filter, as with
   * libseccomp, whose filters always contain the native architecture.
   */
  arch?: string;
}

export interface CompiledSeccomp {
  /** `struct sock_filter[]` in the target's byte order, ready for `struct sock_fprog`. */
  filter: Buffer;
  /**
   * SECCOMP_FILTER_FLAG_* bits for seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog). Includes
   * SECCOMP_FILTER_FLAG_NEW_LISTENER when `needsListener`.
   */
  flags: number;
  /** Some rule uses SCMP_ACT_NOTIFY: the loader gets a listener fd to send to `listenerPath`. */
  needsListener: boolean;
}
