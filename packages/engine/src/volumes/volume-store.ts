// The "local" volume driver: <root>/<name>/_data holds the data, <root>/<name>/volume.json the
// metadata. A volume used by any container (running or not) cannot be removed.
import { execFile } from 'node:child_process';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InternalError, KeyedMutex, readJsonFile, writeJsonAtomic } from '@berth/kit';
import { InvalidOptionError, VolumeInUseError, VolumeNotFoundError } from '../errors';
import { booleanFilter, groupFilters, labelsMatchAll, type FilterEntry } from '../filters';
import { newId } from '../naming/ids';
import { VOLUME_NAME } from '../options/mounts';
import { isMountPoint, mountVolume, parseVolumeOptions, unmountVolume } from './volume-mount';
import type { VolumeRecord } from './volume-record';

const run = promisify(execFile);
const RECORD = 'volume.json';
const DATA = '_data';

export const VOLUME_FILTERS = ['name', 'label', 'dangling', 'driver'] as const;

export interface CreateVolumeOptions {
  /** '' creates an anonymous volume. */
  name: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
  anonymous?: boolean;
}

/** Which containers use a volume; the engine answers from its container records. */
export type VolumeUsers = (name: string) => string[];

export class VolumeStore {
  private readonly locks = new KeyedMutex();

  constructor(
    readonly root: string,
    private readonly usersOf: VolumeUsers,
  ) {}

  dataPath(name: string): string {
    return join(this.root, name, DATA);
  }

  private recordPath(name: string): string {
    return join(this.root, name, RECORD);
  }

  /** Creates a volume, or returns the existing one of that name (docker is idempotent here). */
  async create(options: CreateVolumeOptions): Promise<VolumeRecord> {
    if (options.driver && options.driver !== 'local')
      throw new InvalidOptionError(
        'driver',
        `volume driver "${options.driver}" is not available (only "local")`,
      );
    const mountOptions = parseVolumeOptions(options.driverOpts);
    const name = options.name === '' ? newId() : options.name;
    if (!VOLUME_NAME.test(name))
      throw new InvalidOptionError(
        'name',
        `"${name}" includes invalid characters for a local volume name, only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      );
    return this.locks.run(name, async () => {
      const existing = await this.find(name);
      if (existing) return existing;
      const record: VolumeRecord = {
        version: 1,
        name,
        createdAt: new Date().toISOString(),
        labels: { ...(options.labels ?? {}) },
        anonymous: options.anonymous ?? options.name === '',
        populated: false,
        ...(mountOptions ? { options: mountOptions } : {}),
      };
      // Build in a temporary directory and rename, so a crash never leaves a volume without a record.
      const staging = join(this.root, `.staging-${name}-${process.pid}`);
      await rm(staging, { recursive: true, force: true });
      await mkdir(join(staging, DATA), { recursive: true, mode: 0o755 });
      await writeJsonAtomic(join(staging, RECORD), record, { mode: 0o600 });
      await rename(staging, join(this.root, name));
      return record;
    });
  }

  async find(name: string): Promise<VolumeRecord | undefined> {
    try {
      return await readJsonFile<VolumeRecord>(this.recordPath(name), { malformed: 'data-loss' });
    } catch (err) {
      if ((err as { reason?: string }).reason === 'FILE_NOT_FOUND') return undefined;
      throw err;
    }
  }

  async get(name: string): Promise<VolumeRecord> {
    const record = VOLUME_NAME.test(name) ? await this.find(name) : undefined;
    if (!record) throw new VolumeNotFoundError(name);
    return record;
  }

  async list(filters: FilterEntry[] = []): Promise<VolumeRecord[]> {
    const groups = groupFilters(filters, VOLUME_FILTERS, 'volumes');
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const records: VolumeRecord[] = [];
    for (const entry of (await readdir(this.root)).sort()) {
      if (!VOLUME_NAME.test(entry)) continue;
      const record = await this.find(entry);
      if (record && this.matches(record, groups)) records.push(record);
    }
    return records;
  }

  private matches(record: VolumeRecord, groups: Map<string, string[]>): boolean {
    const names = groups.get('name');
    if (names && !names.some((part) => record.name.includes(part))) return false;
    const drivers = groups.get('driver');
    if (drivers && !drivers.includes('local')) return false;
    const dangling = groups.get('dangling');
    if (
      dangling &&
      !dangling.some((value) => booleanFilter(value, 'dangling') === (this.usersOf(record.name).length === 0))
    )
      return false;
    return labelsMatchAll(record.labels, groups.get('label'));
  }

  /** Deletes a volume and its data; refuses while a container uses it. */
  async remove(name: string, options: { force?: boolean } = {}): Promise<void> {
    await this.locks.run(name, async () => {
      const record = await this.find(name);
      if (!record) {
        if (options.force) return;
        throw new VolumeNotFoundError(name);
      }
      const users = this.usersOf(name);
      if (users.length > 0) throw new VolumeInUseError(name, users);
      // A mounted volume whose containers all went (or an engine that died holding it).
      if (record.options && (await isMountPoint(this.dataPath(name))))
        await unmountVolume(name, this.dataPath(name));
      // Rename first so a crash mid-delete leaves no half-volume under its name.
      const doomed = join(this.root, `.removing-${name}-${process.pid}`);
      await rename(join(this.root, name), doomed);
      await rm(doomed, { recursive: true, force: true });
    });
  }

  /** Removes unused anonymous volumes, or all unused ones with `all`; returns names and bytes freed. */
  async prune(
    options: { all?: boolean; filters?: FilterEntry[] } = {},
  ): Promise<{ removed: string[]; bytes: number }> {
    const groups = groupFilters(options.filters ?? [], ['label', 'label!'], 'volume prune');
    const removed: string[] = [];
    let bytes = 0;
    for (const record of await this.list()) {
      if (!options.all && !record.anonymous) continue;
      if (!labelsMatchAll(record.labels, groups.get('label'))) continue;
      if ((groups.get('label!') ?? []).some((f) => labelsMatchAll(record.labels, [f]))) continue;
      if (this.usersOf(record.name).length > 0) continue;
      const size = await this.size(record.name);
      try {
        await this.remove(record.name);
      } catch (err) {
        if ((err as { reason?: string }).reason === 'VOLUME_IN_USE') continue; // taken meanwhile
        throw err;
      }
      removed.push(record.name);
      bytes += size;
    }
    return { removed, bytes };
  }

  /** Mounts a volume with driver options on its data directory, unless it already is. */
  async mount(name: string): Promise<void> {
    await this.locks.run(name, async () => {
      const record = await this.get(name);
      if (!record.options || (await isMountPoint(this.dataPath(name)))) return;
      await mountVolume(name, record.options, this.dataPath(name));
    });
  }

  /** Unmounts a volume with driver options once no running container needs it. */
  async unmount(name: string): Promise<void> {
    await this.locks.run(name, async () => {
      const record = await this.find(name);
      if (!record?.options || !(await isMountPoint(this.dataPath(name)))) return;
      await unmountVolume(name, this.dataPath(name));
    });
  }

  /**
   * Docker's copy-up: the first time a volume is mounted where the image has content, that
   * content (with owners, modes, xattrs) is copied into it, if the volume is still empty.
   * `source` is the path inside the container's prepared rootfs; missing means nothing to copy.
   */
  async populate(name: string, source: string | undefined): Promise<void> {
    await this.locks.run(name, async () => {
      const record = await this.get(name);
      if (record.populated) return;
      const data = this.dataPath(name);
      if (source !== undefined && (await isDirectory(source)) && (await readdir(data)).length === 0) {
        try {
          await run('cp', ['-a', '--', `${source}/.`, `${data}/`]);
        } catch (err) {
          throw new InternalError(
            `copying ${source} into volume ${name} failed: ${(err as { stderr?: string }).stderr ?? err}`,
            {
              reason: 'VOLUME_COPY_FAILED',
              cause: err,
            },
          );
        }
      }
      await writeJsonAtomic(this.recordPath(name), { ...record, populated: true }, { mode: 0o600 });
    });
  }

  /** Bytes used by a volume's data (apparent sizes, hard links counted once). */
  async size(name: string): Promise<number> {
    const seen = new Set<string>();
    const walk = async (path: string): Promise<number> => {
      const stat = await lstat(path);
      const key = `${stat.dev}:${stat.ino}`;
      let total = seen.has(key) ? 0 : stat.isDirectory() ? 0 : stat.size;
      seen.add(key);
      if (stat.isDirectory()) for (const entry of await readdir(path)) total += await walk(join(path, entry));
      return total;
    };
    return walk(this.dataPath(name));
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}
