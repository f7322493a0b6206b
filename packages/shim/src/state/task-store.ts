import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { readJsonFile, writeJsonAtomic } from '@berth/kit';
import type { task } from '@berth/api';
import type { ProcessExit } from '../process/exit';
import type { ProcessStatus } from '../process/shim-process';

/** What the shim keeps on disk about one process. */
export interface ProcessRecord {
  execId: string;
  pid: number;
  status: ProcessStatus;
  /** Start time of the pid (/proc/<pid>/stat), to tell it from a later process with the same pid. */
  startTime?: string;
  terminal: boolean;
  stdio: task.v1.Stdio;
  exit?: ProcessExit;
  /** The OCI process JSON of an exec'd process. */
  spec?: unknown;
}

/**
 * What the shim keeps on disk about one container, enough for a restarted shim or
 * `berth-shim delete` after a crash to know what it owned: its bundle and mounts, and its
 * processes with their exit statuses.
 */
export interface TaskRecord {
  id: string;
  bundle: string;
  /** How many mounts the shim stacked at <bundle>/rootfs and must unmount. */
  rootfsMounts: number;
  init: ProcessRecord;
  execs: ProcessRecord[];
}

/**
 * One JSON file per task in <shim dir>/tasks, written atomically. Writes of one task are
 * chained, so a later snapshot never lands before an earlier one.
 */
export class TaskStore {
  private readonly writes = new Map<string, Promise<void>>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /**
   * Atomic (a shim killed with -9 finds the old or the new record) but not fsynced: a record
   * describes processes, which a power loss ends anyway (runc's state is written the same way),
   * and a run of containers then does not queue behind the disk.
   */
  save(record: TaskRecord): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(record)) as TaskRecord;
    return this.chain(record.id, () => writeJsonAtomic(this.file(record.id), snapshot, { durable: false }));
  }

  load(id: string): Promise<TaskRecord> {
    return readJsonFile<TaskRecord>(this.file(id));
  }

  remove(id: string): Promise<void> {
    return this.chain(id, async () => rmSync(this.file(id), { force: true }));
  }

  ids(): string[] {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .map((name) => name.slice(0, -'.json'.length));
  }

  private chain(id: string, write: () => Promise<void>): Promise<void> {
    const next = (this.writes.get(id) ?? Promise.resolve()).then(write, write);
    this.writes.set(id, next);
    const forget = (): void => {
      if (this.writes.get(id) === next) this.writes.delete(id);
    };
    next.then(forget, forget);
    return next;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}
