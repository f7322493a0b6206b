// Containers on disk: <root>/containers/<id>/container.json, written atomically. A directory
// without a record (a create that died half-way) is reported so the engine can clean it up.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataLossError, readJsonFile, writeJsonAtomic } from '@berth/kit';
import { ID_PATTERN } from '../naming/ids';
import type { ContainerRecord } from './container-record';

const RECORD_FILE = 'container.json';

export interface LoadResult {
  records: ContainerRecord[];
  /** Ids whose directory holds no readable record. */
  orphans: string[];
}

export class ContainerStore {
  constructor(readonly root: string) {}

  /** The container's own directory: record, /etc files, log. */
  dir(id: string): string {
    return join(this.root, id);
  }

  async createDir(id: string): Promise<string> {
    const dir = this.dir(id);
    await mkdir(dir, { recursive: true, mode: 0o710 });
    return dir;
  }

  /**
   * State changes (start, exit, ...) are atomic renames without fsync: they survive an engine
   * killed with -9, and a run of containers does not queue behind the disk. `durable` (the
   * first record of a container) fsyncs, so a power loss cannot leave a new, empty record.
   */
  async save(record: ContainerRecord, options: { durable?: boolean } = {}): Promise<void> {
    await writeJsonAtomic(join(this.dir(record.id), RECORD_FILE), record, {
      mode: 0o600,
      durable: options.durable ?? false,
    });
  }

  async remove(id: string): Promise<void> {
    await rm(this.dir(id), { recursive: true, force: true });
  }

  async loadAll(): Promise<LoadResult> {
    await mkdir(this.root, { recursive: true, mode: 0o710 });
    const records: ContainerRecord[] = [];
    const orphans: string[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !ID_PATTERN.test(entry.name)) continue;
      try {
        const record = await readJsonFile<ContainerRecord>(join(this.dir(entry.name), RECORD_FILE), {
          malformed: 'data-loss',
        });
        if (record.id !== entry.name || record.version !== 1)
          throw new DataLossError(`record of ${entry.name} names another container or version`);
        records.push(record);
      } catch (err) {
        if ((err as { reason?: string }).reason !== 'FILE_NOT_FOUND') throw err;
        orphans.push(entry.name);
      }
    }
    return { records, orphans };
  }
}
