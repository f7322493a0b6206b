import type { task } from '@berth/api';
import { TerminalIo } from '../console/terminal-io';
import { PipeIo } from '../stdio/pipe-io';
import { wantsStdio, type ProcessIo } from '../stdio/process-io';

/** What the runtime needs to connect a new process to the shim's stdio. */
export interface OpenedIo {
  io: ProcessIo | undefined;
  consoleSocket: string | undefined;
  /** Resolves once the runtime delivered the pty master (at once for pipes). */
  ready: Promise<void>;
}

/** Sets up a process's stdio before the runtime creates it: a terminal, pipes, or nothing. */
export async function openProcessIo(stdio: task.v1.Stdio, terminal: boolean, dir: string): Promise<OpenedIo> {
  if (terminal) {
    const io = new TerminalIo(stdio, dir);
    return { io, consoleSocket: io.consoleSocket, ready: io.ready() };
  }
  const io = wantsStdio(stdio) ? await PipeIo.open(stdio, dir) : undefined;
  return { io, consoleSocket: undefined, ready: Promise.resolve() };
}
