import type { task } from '@berth/api';
import type { ExitWatch } from '../process/exit-monitor';
import type { ShimProcess } from '../process/shim-process';
import type { ProcessRecord, TaskRecord } from '../state/task-store';
import type { ProcessIo } from '../stdio/process-io';

/** One process with what the shim holds for it while it lives. */
export interface ProcessEntry {
  process: ShimProcess;
  terminal: boolean;
  stdio: task.v1.Stdio;
  io?: ProcessIo;
  watch?: ExitWatch;
  startTime?: string;
  /** The OCI process of an exec'd process (runtime.exec runs it at Start). */
  spec?: unknown;
}

/** A container the shim owns: its init process and the processes exec'd into it. */
export class Task {
  readonly execs = new Map<string, ProcessEntry>();

  constructor(
    readonly id: string,
    readonly bundle: string,
    /** How many rootfs mounts the shim stacked at <bundle>/rootfs (it unmounts them on delete). */
    readonly rootfsMounts: number,
    readonly init: ProcessEntry,
  ) {}

  /** The init process (execId '') or an exec'd one; undefined when unknown. */
  entry(execId: string): ProcessEntry | undefined {
    return execId ? this.execs.get(execId) : this.init;
  }

  /** Every process entry, init first. */
  entries(): ProcessEntry[] {
    return [this.init, ...this.execs.values()];
  }

  toRecord(): TaskRecord {
    return {
      id: this.id,
      bundle: this.bundle,
      rootfsMounts: this.rootfsMounts,
      init: processRecord(this.init),
      execs: [...this.execs.values()].map(processRecord),
    };
  }
}

function processRecord(entry: ProcessEntry): ProcessRecord {
  const { process } = entry;
  return {
    execId: process.execId,
    pid: process.pid,
    status: process.status,
    terminal: entry.terminal,
    stdio: entry.stdio,
    ...(entry.startTime ? { startTime: entry.startTime } : {}),
    ...(process.exit ? { exit: process.exit } : {}),
    ...(entry.spec !== undefined ? { spec: entry.spec } : {}),
  };
}
