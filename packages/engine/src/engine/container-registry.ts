// The containers the engine knows: records in memory, mirrored atomically on disk, with the
// name index and one lock per container so requests about it never interleave.
import { KeyedMutex } from '@berth/kit';
import { ContainerIndex } from '../naming/container-index';
import type { ContainerRecord } from '../state/container-record';
import type { ContainerStore } from '../state/container-store';

export class ContainerRegistry {
  private readonly records = new Map<string, ContainerRecord>();
  readonly index = new ContainerIndex();
  private readonly locks = new KeyedMutex();

  constructor(readonly store: ContainerStore) {}

  /** Loads every record; returns ids of half-created directories (already deleted). */
  async load(): Promise<ContainerRecord[]> {
    const { records, orphans } = await this.store.loadAll();
    for (const id of orphans) await this.store.remove(id);
    for (const record of records) {
      this.records.set(record.id, record);
      this.index.add(record.id, record.name);
    }
    return records;
  }

  /** Runs `fn` holding the container's lock; `ref` is resolved first (and again inside, in case it went). */
  async withContainer<T>(ref: string, fn: (record: ContainerRecord) => Promise<T>): Promise<T> {
    const id = this.index.resolve(ref);
    return this.locks.run(id, async () => fn(this.get(this.index.resolve(id))));
  }

  /** Runs `fn` holding the lock of an id that may not be registered yet (create). */
  async withId<T>(id: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(id, fn);
  }

  get(id: string): ContainerRecord {
    const record = this.records.get(id);
    if (!record) throw new Error(`container ${id} vanished from the registry`);
    return record;
  }

  find(ref: string): ContainerRecord {
    return this.get(this.index.resolve(ref));
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  all(): ContainerRecord[] {
    return [...this.records.values()];
  }

  /**
   * Makes a changed record the current one without writing it: for states an engine restart
   * would not keep anyway (recovery turns `removing` into `exited`, what the disk still says).
   */
  setTransient(record: ContainerRecord): void {
    this.records.set(record.id, record);
  }

  /** Saves a changed record to disk, then makes it the current one (see ContainerStore.save). */
  async save(record: ContainerRecord, options: { durable?: boolean } = {}): Promise<void> {
    await this.store.save(record, options);
    this.records.set(record.id, record);
  }

  async delete(id: string): Promise<void> {
    await this.store.remove(id);
    this.records.delete(id);
    this.index.remove(id);
  }

  /** Ids of containers mounting the volume (any state): such a volume cannot be removed. */
  volumeUsers(name: string): string[] {
    return this.all()
      .filter((record) => record.mounts.some((m) => m.kind === 'volume' && m.name === name))
      .map((record) => record.id);
  }
}
