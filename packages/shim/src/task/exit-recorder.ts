import { task } from '@berth/api';
import type Logger from 'bunyan';
import type { OomWatcher } from '../cgroup/oom-watcher';
import type { EventPublisher } from '../events';
import type { ProcessExit } from '../process/exit';
import type { ExitMonitor } from '../process/exit-monitor';
import type { ExitListener } from '../process/shim-process';
import type { ProcessEntry, Task } from './task';

// An exit is recorded once its output is copied (and an init's once its exec'd processes'
// are); a grandchild holding the pipe open must not hold the exit back for long.
const DRAIN_LIMIT_MS = 2000;

export interface ExitRecorderDeps {
  monitor: ExitMonitor;
  oom: OomWatcher;
  events: EventPublisher;
  log: Logger;
  /** Write the task's record (its process just stopped). */
  persist: (id: string) => void;
}

/**
 * From the reaper's report to the published exit: waits for the process's output to be copied
 * and, for an init, for its exec'd processes to be recorded first; reads the OOM counter (so
 * an OOM event precedes the exit it caused); then hands the exit to the ShimProcess, whose
 * listener (onExit) publishes it and saves the task.
 */
export class ExitRecorder {
  constructor(private readonly deps: ExitRecorderDeps) {}

  watch(owner: Task, entry: ProcessEntry, adopted = false): void {
    entry.watch = this.deps.monitor.watch(
      entry.process.pid,
      (exit) => {
        entry.watch = undefined;
        void this.settle(owner, entry, exit);
      },
      { adopted, ...(entry.startTime ? { startTime: entry.startTime } : {}) },
    );
  }

  /** ShimProcess decided the exit may be published (after its start event). */
  readonly onExit: ExitListener = (process, exit) => {
    this.deps.events.publish(task.v1.EventType.EVENT_TYPE_EXIT, {
      id: process.id,
      execId: process.execId,
      pid: process.pid,
      exitStatus: exit.status,
      timestamp: new Date(exit.exitedAt),
    });
    this.deps.log.info({ id: process.id, execId: process.execId, status: exit.status }, 'exited');
    this.deps.persist(process.id);
  };

  private async settle(owner: Task, entry: ProcessEntry, exit: ProcessExit): Promise<void> {
    if (entry.io) await withinDrainLimit(entry.io.drained);
    if (entry === owner.init) {
      // The init's end takes the container's pid namespace with it: its exec'd processes'
      // exits come first, as containerd orders them.
      const running = [...owner.execs.values()].filter((e) => e.process.pid > 0 && !e.process.exit);
      await withinDrainLimit(Promise.all(running.map((e) => e.process.wait())));
    }
    this.deps.oom.check(owner.id);
    entry.process.exited(exit);
  }
}

async function withinDrainLimit(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_LIMIT_MS).unref())),
  ]);
  clearTimeout(timer);
}
