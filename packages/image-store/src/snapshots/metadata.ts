import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { DataLossError, readJsonFile, writeJsonAtomic } from '@berth/kit';

/** containerd's three kinds: committed (immutable, named by ChainID for layers), active (writable), view (read-only). */
export type SnapshotKind = 'committed' | 'active' | 'view';

export interface SnapshotRecord {
  key: string;
  /** Directory name under snapshots/; stable across Commit (which renames the key only). */
  id: string;
  kind: SnapshotKind;
  /** Key of the committed snapshot below this one. */
  parent?: string;
  labels: Record<string, string>;
  created: string;
  updated: string;
}

interface SnapshotDb {
  version: 1;
  nextId: number;
  snapshots: Record<string, SnapshotRecord>;
}

/**
 * The snapshot table, kept in memory and written atomically after every change, so after a
 * `kill -9` it is exactly the last completed change. Callers serialise mutations. Only changes
 * to committed snapshots are fsynced: an active or view record lost to a power cut leaves an
 * orphan directory, which reconcile removes at start (a build prepares and drops a dozen).
 */
export class SnapshotMetadata {
  private db: SnapshotDb = { version: 1, nextId: 1, snapshots: {} };

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    try {
      const loaded = await readJsonFile<SnapshotDb>(this.file, { malformed: 'data-loss' });
      if (loaded.version !== 1 || typeof loaded.snapshots !== 'object' || !Number.isInteger(loaded.nextId)) {
        throw new DataLossError(`${this.file}: not a snapshot table of version 1`, {
          reason: 'SNAPSHOT_DB_CORRUPT',
        });
      }
      this.db = loaded;
    } catch (error) {
      if ((error as { reason?: string }).reason !== 'FILE_NOT_FOUND') throw error;
      await this.save();
    }
  }

  get(key: string): SnapshotRecord | undefined {
    return this.db.snapshots[key];
  }

  all(): SnapshotRecord[] {
    return Object.values(this.db.snapshots);
  }

  allocateId(): string {
    return String(this.db.nextId++);
  }

  async put(record: SnapshotRecord, replacing?: string): Promise<void> {
    if (replacing !== undefined) delete this.db.snapshots[replacing];
    this.db.snapshots[record.key] = record;
    await this.save(record.kind === 'committed');
  }

  async delete(key: string): Promise<void> {
    const durable = this.db.snapshots[key]?.kind === 'committed';
    delete this.db.snapshots[key];
    await this.save(durable);
  }

  private async save(durable = true): Promise<void> {
    if (durable) {
      await writeJsonAtomic(this.file, this.db);
      return;
    }
    // Still whole or not at all (temp file and rename), but left to the page cache.
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(this.db, null, 2)}\n`);
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
