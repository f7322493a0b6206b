import { randomUUID } from 'node:crypto';

import { DataLossError, InvalidArgumentError, readJsonFile, writeJsonAtomic } from '@berth/kit';

import { LeaseExistsError, LeaseNotFoundError } from '../errors';

/** One lease as stored in leases.json: what it keeps alive, and until when. */
export interface LeaseRecord {
  id: string;
  created: string;
  /** ISO time after which the lease no longer protects anything (GC drops it); none: until deleted. */
  expires?: string;
  labels: Record<string, string>;
  /** Blob digests. */
  blobs: string[];
  /** Snapshot keys (committed ChainIDs of a half-unpacked image, or any other snapshot). */
  snapshots: string[];
}

/** What leases protect from GC. */
export interface LeaseResources {
  blobs: Set<string>;
  snapshots: Set<string>;
}

export interface CreateLeaseOptions {
  /** Default: a random UUID. */
  id?: string;
  /** Lifetime from now; without it (or `expires`) the lease lasts until deleted. */
  ttlMs?: number;
  expires?: Date;
  labels?: Record<string, string>;
  blobs?: Iterable<string>;
  snapshots?: Iterable<string>;
}

/** A handle on one lease, for the work that holds it. */
export interface Lease {
  readonly id: string;
  add(resources: { blobs?: Iterable<string>; snapshots?: Iterable<string> }): Promise<void>;
  /** Deletes the lease; what it held is collectable again (unless something else holds it). */
  release(): Promise<void>;
}

interface LeaseDb {
  version: 1;
  leases: Record<string, LeaseRecord>;
}

/**
 * Leases keep blobs and snapshots from GC while work that will reference them is in flight (a
 * pull leases its blobs and ChainIDs before writing them) or for as long as a client wants (an
 * orchestrator preparing content). They are stored in leases.json, written atomically on every
 * change, so they hold across a restart and a `kill -9`: a pull killed halfway keeps its
 * downloaded blobs and committed layers until it is run again or its lease expires (containerd's
 * model; pulls take a 24 h lease). Expired leases protect nothing and are dropped by `expire()`,
 * which GC runs first.
 */
export class LeaseManager {
  private db: LeaseDb = { version: 1, leases: {} };
  // Saves run one after another, each writing the table as it is then.
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    try {
      const loaded = await readJsonFile<LeaseDb>(this.file, { malformed: 'data-loss' });
      if (loaded.version !== 1 || typeof loaded.leases !== 'object' || loaded.leases === null) {
        throw new DataLossError(`${this.file}: not a lease table of version 1`, {
          reason: 'LEASE_DB_CORRUPT',
        });
      }
      this.db = loaded;
    } catch (error) {
      if ((error as { reason?: string }).reason !== 'FILE_NOT_FOUND') throw error;
    }
  }

  async create(options: CreateLeaseOptions = {}): Promise<Lease> {
    const id = options.id ?? randomUUID();
    if (id === '' || /[\s/]/.test(id))
      throw new InvalidArgumentError(`invalid lease id ${JSON.stringify(id)}`, {
        reason: 'INVALID_LEASE_ID',
      });
    if (this.db.leases[id] !== undefined) throw new LeaseExistsError(id);
    const now = Date.now();
    const expires =
      options.expires ?? (options.ttlMs !== undefined ? new Date(now + options.ttlMs) : undefined);
    if (expires !== undefined && Number.isNaN(expires.getTime()))
      throw new InvalidArgumentError(`lease ${id}: invalid expiry`, { reason: 'INVALID_LEASE_EXPIRY' });
    this.db.leases[id] = {
      id,
      created: new Date(now).toISOString(),
      ...(expires !== undefined ? { expires: expires.toISOString() } : {}),
      labels: { ...options.labels },
      blobs: [...new Set(options.blobs ?? [])],
      snapshots: [...new Set(options.snapshots ?? [])],
    };
    await this.save();
    return this.handle(id);
  }

  /** A handle on an existing lease (say, one a client created earlier). */
  handle(id: string): Lease {
    this.require(id);
    return {
      id,
      add: (resources) => this.addResources(id, resources),
      release: () =>
        this.delete(id).catch((error: unknown) => {
          if (!(error instanceof LeaseNotFoundError)) throw error;
        }),
    };
  }

  get(id: string): LeaseRecord {
    return structuredClone(this.require(id));
  }

  list(): LeaseRecord[] {
    return Object.values(this.db.leases)
      .map((lease) => structuredClone(lease))
      .sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
  }

  async addResources(
    id: string,
    resources: { blobs?: Iterable<string>; snapshots?: Iterable<string> },
  ): Promise<void> {
    const lease = this.require(id);
    const blobs = new Set([...lease.blobs, ...(resources.blobs ?? [])]);
    const snapshots = new Set([...lease.snapshots, ...(resources.snapshots ?? [])]);
    if (blobs.size === lease.blobs.length && snapshots.size === lease.snapshots.length) return;
    lease.blobs = [...blobs];
    lease.snapshots = [...snapshots];
    await this.save();
  }

  async removeResources(
    id: string,
    resources: { blobs?: Iterable<string>; snapshots?: Iterable<string> },
  ): Promise<void> {
    const lease = this.require(id);
    const blobs = new Set(resources.blobs ?? []);
    const snapshots = new Set(resources.snapshots ?? []);
    lease.blobs = lease.blobs.filter((digest) => !blobs.has(digest));
    lease.snapshots = lease.snapshots.filter((key) => !snapshots.has(key));
    await this.save();
  }

  async delete(id: string): Promise<void> {
    this.require(id);
    delete this.db.leases[id];
    await this.save();
  }

  /** Deletes the leases whose time is up; returns their ids. */
  async expire(now: number = Date.now()): Promise<string[]> {
    const expired = Object.values(this.db.leases)
      .filter((lease) => isExpired(lease, now))
      .map((lease) => lease.id);
    if (expired.length === 0) return [];
    for (const id of expired) delete this.db.leases[id];
    await this.save();
    return expired;
  }

  /** Everything an unexpired lease holds. */
  held(now: number = Date.now()): LeaseResources {
    const blobs = new Set<string>();
    const snapshots = new Set<string>();
    for (const lease of Object.values(this.db.leases)) {
      if (isExpired(lease, now)) continue;
      lease.blobs.forEach((digest) => blobs.add(digest));
      lease.snapshots.forEach((key) => snapshots.add(key));
    }
    return { blobs, snapshots };
  }

  private require(id: string): LeaseRecord {
    const lease = this.db.leases[id];
    if (lease === undefined) throw new LeaseNotFoundError(id);
    return lease;
  }

  private save(): Promise<void> {
    const next = this.saving.then(() => writeJsonAtomic(this.file, this.db));
    this.saving = next.catch(() => undefined);
    return next;
  }
}

function isExpired(lease: LeaseRecord, now: number): boolean {
  return lease.expires !== undefined && Date.parse(lease.expires) <= now;
}
