/**
 * Errors of the seccomp compiler. They follow the Berth convention (name = class name, `code` from
 * the shared set that @berth/kit maps to gRPC statuses by duck-typing, stable `reason`), so the
 * runtime can report them as a one-line error naming the config.json field.
 */
export class SeccompProfileError extends Error {
  readonly code = 'InvalidArgument' as const;
  readonly reason = 'SECCOMP_PROFILE_INVALID';
  /** Path of the offending config.json field, e.g. `linux.seccomp.syscalls[3].args[0].op`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = new.target.name;
    this.field = field;
  }
}

/** The profile is valid but its BPF program does not fit the kernel's limit. */
export class SeccompFilterTooLargeError extends Error {
  readonly code = 'FailedPrecondition' as const;
  readonly reason = 'SECCOMP_FILTER_TOO_LARGE';
  readonly instructions: number;

  constructor(instructions: number, limit: number) {
    super(
      `linux.seccomp: the compiled filter has ${instructions} BPF instructions, the kernel allows ${limit}`,
    );
    this.name = new.target.name;
    this.instructions = instructions;
  }
}
