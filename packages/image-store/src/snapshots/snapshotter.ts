import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { KeyedMutex } from '@berth/kit';

import { SnapshotExistsError, SnapshotNotFoundError, SnapshotStateError } from '../errors';
import { diskUsage, type DiskUsage } from './disk-usage';
import { SnapshotMetadata, type SnapshotKind, type SnapshotRecord } from './metadata';
import { mountsUsing, type MountUsingDir } from './mountinfo';
import { snapshotMounts, type Mount } from './mounts';

export interface SnapshotInfo {
  key: string;
  kind: SnapshotKind;
  parent?: string;
  labels: Record<string, string>;
  created: string;
  updated: string;
}

export interface CommitOptions {
  /** Labels of the committed snapshot; the active snapshot's labels when left out. */
  labels?: Record<string, string>;
  /** Committed snapshot to stack a parentless active snapshot on. */
  parent?: string;
}

export interface ReconcileReport {
  /** Snapshot directories no record pointed at, removed. */
  removedOrphans: string[];
  /**
   * Mounts below the snapshot directory or built from it (a rootfs a crashed caller left mounted);
   * reported, never touched, and their snapshot directories are never removed.
   */
  staleMounts: MountUsingDir[];
}

/** Label marking a snapshot the store creates only while unpacking a layer. */
export const EXTRACT_LABEL = 'berth.io/extract';

/**
 * containerd's overlay snapshotter model on plain directories: each snapshot owns
 * `snapshots/<id>/fs` (its layer, or a writable upper) and, when active, `work` for overlayfs.
 * The snapshotter never mounts anything itself: `mounts()` tells the caller what to mount.
 */
export class Snapshotter {
  private readonly metadata: SnapshotMetadata;
  private readonly lock = new KeyedMutex();
  private readonly dir: string;

  constructor(readonly root: string) {
    this.dir = join(root, 'snapshots');
    this.metadata = new SnapshotMetadata(join(root, 'snapshots.json'));
  }

  /** Loads the table and cleans what a crash left: orphan directories and unfinished extractions. */
  async init(): Promise<ReconcileReport> {
    await mkdir(this.dir, { recursive: true });
    await this.metadata.load();
    const staleMounts = await mountsUsing(this.dir);
    const busy = staleMounts.flatMap((mount) => mount.paths);
    for (const record of this.metadata.all()) {
      if (record.labels[EXTRACT_LABEL] !== undefined && record.kind === 'active')
        await this.metadata.delete(record.key);
    }
    const known = new Set(this.metadata.all().map((record) => record.id));
    const removedOrphans: string[] = [];
    for (const id of await readdir(this.dir)) {
      if (known.has(id)) continue;
      const path = join(this.dir, id);
      // Never remove what a mount uses, nor recurse into a mounted tree (that would delete
      // whatever is mounted there).
      if (busy.some((used) => used === path || used.startsWith(`${path}/`))) continue;
      await rm(path, { recursive: true, force: true });
      removedOrphans.push(id);
    }
    return { removedOrphans, staleMounts };
  }

  /** A writable snapshot on top of `parent` (a committed snapshot), or empty without one. */
  async prepare(key: string, parent?: string, labels: Record<string, string> = {}): Promise<Mount[]> {
    return this.create('active', key, parent, labels);
  }

  /** A read-only view of `parent`. */
  async view(key: string, parent?: string, labels: Record<string, string> = {}): Promise<Mount[]> {
    return this.create('view', key, parent, labels);
  }

  async mounts(key: string): Promise<Mount[]> {
    return this.mountsOf(this.require(key));
  }

  /**
   * Turns the active snapshot `key` into the committed snapshot `name`; its changes become a
   * layer. `options.parent` places a snapshot prepared without a parent onto a committed chain:
   * layers are unpacked in parallel into empty snapshots and stacked in order as they commit.
   */
  async commit(name: string, key: string, options: CommitOptions = {}): Promise<void> {
    await this.lock.run('table', async () => {
      const record = this.require(key);
      if (record.kind !== 'active')
        throw new SnapshotStateError(key, `is ${record.kind}; only active snapshots can be committed`);
      if (this.metadata.get(name)) throw new SnapshotExistsError(name);
      const committed: SnapshotRecord = {
        ...record,
        key: name,
        kind: 'committed',
        labels: options.labels ?? record.labels,
        updated: new Date().toISOString(),
      };
      if (options.parent !== undefined) {
        if (record.parent !== undefined) throw new SnapshotStateError(key, 'already has a parent');
        const parent = this.require(options.parent);
        if (parent.kind !== 'committed')
          throw new SnapshotStateError(options.parent, `is ${parent.kind}; a parent must be committed`);
        committed.parent = options.parent;
      }
      await this.metadata.put(committed, key);
      await rm(join(this.dir, record.id, 'work'), { recursive: true, force: true });
    });
  }

  /** Removes a snapshot nothing is built on; its directory goes after its record, so a crash leaves an orphan dir at worst. */
  async remove(key: string): Promise<void> {
    await this.lock.run('table', async () => {
      const record = this.require(key);
      const child = this.metadata.all().find((other) => other.parent === key);
      if (child) throw new SnapshotStateError(key, `snapshot ${child.key} is built on it`);
      const base = join(this.dir, record.id);
      const [mounted] = (await mountsUsing(base)).filter((mount) => mount.paths.length > 0);
      if (mounted)
        throw new SnapshotStateError(
          key,
          `is in use by the mount at ${mounted.mountPoint}; unmount it first`,
        );
      await this.metadata.delete(key);
      await rm(base, { recursive: true, force: true });
    });
  }

  async stat(key: string): Promise<SnapshotInfo> {
    return toInfo(this.require(key));
  }

  async list(): Promise<SnapshotInfo[]> {
    return this.metadata
      .all()
      .map(toInfo)
      .sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Disk used by the snapshot's own directory (its layer or its writable changes). */
  async usage(key: string): Promise<DiskUsage> {
    return diskUsage(join(this.dir, this.require(key).id, 'fs'));
  }

  /** The committed snapshot below `key`, if any. */
  parentKey(key: string): string | undefined {
    return this.require(key).parent;
  }

  has(key: string): boolean {
    return this.metadata.get(key) !== undefined;
  }

  /** The writable directory of an active snapshot: where a layer is unpacked before Commit. */
  upperDir(key: string): string {
    const record = this.require(key);
    if (record.kind !== 'active') throw new SnapshotStateError(key, `is ${record.kind}, not active`);
    return join(this.dir, record.id, 'fs');
  }

  /** Layer directories of a committed chain, topmost first. */
  chainDirs(key: string | undefined): string[] {
    const dirs: string[] = [];
    for (let current = key; current !== undefined;) {
      const record = this.require(current);
      dirs.push(join(this.dir, record.id, 'fs'));
      current = record.parent;
    }
    return dirs;
  }

  private async create(
    kind: 'active' | 'view',
    key: string,
    parent: string | undefined,
    labels: Record<string, string>,
  ): Promise<Mount[]> {
    return this.lock.run('table', async () => {
      if (key === '') throw new SnapshotStateError(key, 'a snapshot key must not be empty');
      if (this.metadata.get(key)) throw new SnapshotExistsError(key);
      if (parent !== undefined) {
        const parentRecord = this.require(parent);
        if (parentRecord.kind !== 'committed') {
          throw new SnapshotStateError(parent, `is ${parentRecord.kind}; a parent must be committed`);
        }
      }
      const id = this.metadata.allocateId();
      const base = join(this.dir, id);
      await rm(base, { recursive: true, force: true });
      await mkdir(join(base, 'fs'), { recursive: true, mode: 0o755 });
      if (kind === 'active') await mkdir(join(base, 'work'), { mode: 0o700 });
      const now = new Date().toISOString();
      const record: SnapshotRecord = { key, id, kind, labels, created: now, updated: now };
      if (parent !== undefined) record.parent = parent;
      await this.metadata.put(record);
      return this.mountsOf(record);
    });
  }

  private mountsOf(record: SnapshotRecord): Mount[] {
    const base = join(this.dir, record.id);
    const lowers = this.chainDirs(record.parent);
    if (record.kind === 'active') {
      return snapshotMounts({
        upper: { dir: join(base, 'fs'), work: join(base, 'work') },
        lowers,
        own: join(base, 'fs'),
      });
    }
    if (record.kind === 'view') return snapshotMounts({ lowers, own: join(base, 'fs') });
    return snapshotMounts({ lowers: [join(base, 'fs'), ...lowers], own: join(base, 'fs') });
  }

  private require(key: string): SnapshotRecord {
    const record = this.metadata.get(key);
    if (!record) throw new SnapshotNotFoundError(key);
    return record;
  }
}

function toInfo(record: SnapshotRecord): SnapshotInfo {
  const info: SnapshotInfo = {
    key: record.key,
    kind: record.kind,
    labels: { ...record.labels },
    created: record.created,
    updated: record.updated,
  };
  if (record.parent !== undefined) info.parent = record.parent;
  return info;
}
