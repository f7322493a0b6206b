import { randomUUID } from 'node:crypto';

/** What a lease keeps alive until it is released. */
export interface LeaseResources {
  blobs: Set<string>;
  snapshots: Set<string>;
}

export interface Lease {
  readonly id: string;
  readonly resources: LeaseResources;
  release(): void;
}

/**
 * In-flight work protects what it is creating with a lease: a pull leases every blob and
 * snapshot it is about to write before writing it, so a concurrent GC never collects a layer
 * between its download and the image record that will reference it. Leases live in memory:
 * the work they protect dies with the daemon, and the reconcile at start cleans up after it.
 */
export class LeaseManager {
  private readonly leases = new Map<string, LeaseResources>();

  create(): Lease {
    const id = randomUUID();
    const resources: LeaseResources = { blobs: new Set(), snapshots: new Set() };
    this.leases.set(id, resources);
    return { id, resources, release: () => this.leases.delete(id) };
  }

  /** Everything any lease holds. */
  held(): LeaseResources {
    const blobs = new Set<string>();
    const snapshots = new Set<string>();
    for (const lease of this.leases.values()) {
      lease.blobs.forEach((digest) => blobs.add(digest));
      lease.snapshots.forEach((key) => snapshots.add(key));
    }
    return { blobs, snapshots };
  }
}
