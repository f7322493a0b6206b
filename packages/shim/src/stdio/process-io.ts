import type { task } from '@berth/api';
import type { StdioTarget } from '@berth/runtime';

/**
 * A process's stdio as the shim runs it: pipes (PipeIo) or a terminal (TerminalIo). The shim
 * keeps its ends for the process's whole life, so output is copied and logged whether or not
 * any engine is attached.
 */
export interface ProcessIo {
  /** What the runtime connects to the process's fds 0-2. */
  readonly containerStdio: [StdioTarget, StdioTarget, StdioTarget];
  /** The runtime has created the process: drop the shim's copies of the process's ends. */
  handedOver(): void;
  /** Close the process's stdin (CloseIo). */
  closeStdin(): void;
  /** Set the terminal's window size; pipes refuse. */
  resize(width: number, height: number): void;
  /** Resolves once all output has been copied (or the copy gave up). */
  readonly drained: Promise<void>;
  /** Stop copying and release everything. */
  close(): void;
}

/** True when the spec asks for any stream at all. */
export function wantsStdio(stdio: task.v1.Stdio | undefined): boolean {
  return Boolean(stdio && (stdio.stdin || stdio.stdout || stdio.stderr || stdio.log?.path));
}
