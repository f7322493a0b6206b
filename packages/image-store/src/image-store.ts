import { randomUUID } from 'node:crypto';
import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

import { acquireFileLock, InvalidArgumentError, KeyedMutex, type FileLock } from '@berth/kit';
import { parseReference, type Descriptor, type Platform } from '@berth/oci';
import { RegistryClient, type RegistryClientOptions } from '@berth/registry-client';

import { convertDockerArchive } from './archive/docker-archive';
import { exportArchive } from './archive/export-archive';
import { extractArchive } from './archive/extract-archive';
import { ContentStore } from './content/content-store';
import type { IngestStatus } from './content/ingest';
import { AmbiguousImageIdError, ImageNotFoundError, ImageReferencedError } from './errors';
import { collectGarbage, type GcResult } from './gc/collector';
import { LeaseManager, type Lease } from './gc/leases';
import { chainIds } from './images/chain-id';
import { imageIdQuery, isUntaggedName, matchImageId, untaggedName } from './images/image-id';
import { canonicalImageName } from './images/image-name';
import { importLayout } from './images/import-layout';
import { imageDetails, type ImageDetails } from './images/image-details';
import { ImageRecords, type ImageRecord } from './images/image-records';
import { loadLocalImage, reachableBlobs, type LocalImage } from './images/local-image';
import { ImageUnpacker, type LayerProgress, type UnpackImageOptions } from './images/unpacker';
import { registryBlobSource } from './pull/registry-blob-source';
import { Snapshotter, type ReconcileReport } from './snapshots/snapshotter';

export interface ImageStoreOptions {
  /** State directory, e.g. /var/lib/berth/images. */
  root: string;
  registry?: RegistryClientOptions;
  /** Per-layer limit on unpacked file bytes (tar bombs); default 64 GiB. */
  maxLayerBytes?: number;
}

/** What a pull reports: resolving first, then per-layer progress. */
export type PullProgress =
  { phase: 'resolving'; reference: string } | ({ phase: LayerProgress['phase'] } & LayerProgress);

export interface PullOptions {
  platform?: string | Platform;
  onProgress?: (progress: PullProgress) => void;
  signal?: AbortSignal;
}

export interface StartupReport extends ReconcileReport {
  /** Half-written downloads kept to be resumed by the next pull of their blob. */
  resumableIngests: IngestStatus[];
}

export interface ImageUsage {
  name: string;
  /** Bytes of its blobs in the content store. */
  contentSize: number;
  /** Bytes of its unpacked layers (shared layers count for every image using them). */
  unpackedSize: number;
}

export interface SnapshotUsage {
  key: string;
  kind: string;
  size: number;
  inodes: number;
}

const DEFAULT_MAX_LAYER_BYTES = 64 * 1024 ** 3;
const INDEX_DIGEST_LABEL = 'berth.io/index-digest';
/** How long a crashed pull's lease keeps its blobs and layers (containerd's pull leases: 24 h). */
const WORK_LEASE_TTL_MS = 24 * 60 * 60 * 1000;
const LEASE_PURPOSE_LABEL = 'berth.io/lease.purpose';
const LEASE_SUBJECT_LABEL = 'berth.io/lease.subject';
/** Which opening of the store took a work lease: one from an earlier opening belonged to a dead daemon. */
const LEASE_OWNER_LABEL = 'berth.io/lease.owner';
/** Set by containerd and docker on images they export: the full image name. */
const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';

/**
 * berth-images' engine: a content store that is an OCI image layout, image names, layer
 * snapshots, pulls and pushes through @berth/registry-client, and garbage collection. One
 * process owns a root at a time (a file lock), since state lives in memory between writes.
 */
export class ImageStore {
  readonly content: ContentStore;
  readonly snapshots: Snapshotter;
  readonly images: ImageRecords;
  readonly leases: LeaseManager;
  private readonly unpacker: ImageUnpacker;
  private readonly names = new KeyedMutex();
  /** Target (manifest or index) digest → config digest, docker's image ID, for lookups by ID. */
  private readonly imageIds = new Map<string, string>();
  private readonly instance = randomUUID();
  private registryClient: RegistryClient | undefined;

  private constructor(
    readonly options: ImageStoreOptions,
    private readonly lock: FileLock,
  ) {
    this.content = new ContentStore(join(options.root, 'content'), join(options.root, 'ingest'));
    this.snapshots = new Snapshotter(options.root);
    this.images = new ImageRecords(join(options.root, 'images.json'), this.content.layout);
    this.leases = new LeaseManager(join(options.root, 'leases.json'));
    this.unpacker = new ImageUnpacker(this.content, this.snapshots);
  }

  /** Opens (creating if needed) a store and reconciles what a crash left behind. */
  static async open(options: ImageStoreOptions): Promise<{ store: ImageStore; report: StartupReport }> {
    await mkdir(options.root, { recursive: true, mode: 0o700 });
    const lock = await acquireFileLock(join(options.root, 'lock'));
    try {
      const store = new ImageStore(options, lock);
      // Imports in progress when the daemon died: their archives are gone with their callers.
      await rm(join(options.root, 'tmp'), { recursive: true, force: true });
      await store.content.init();
      const reconcile = await store.snapshots.init();
      await store.images.load();
      for (const record of store.images.all()) await store.rememberImageId(record.target);
      await store.leases.load();
      const resumableIngests = await store.content.ingests.list();
      return { store, report: { ...reconcile, resumableIngests } };
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.registryClient?.close();
    await this.lock.release();
  }

  private get registry(): RegistryClient {
    this.registryClient ??= new RegistryClient(this.options.registry ?? {});
    return this.registryClient;
  }

  /** Pulls an image, unpacking its layers while they download, and names it. */
  async pull(input: string, options: PullOptions = {}): Promise<ImageDetails> {
    const { name, reference } = canonicalImageName(input);
    options.onProgress?.({ phase: 'resolving', reference: name });
    const resolved = await this.registry.resolve(reference, options.platform);
    const manifestDescriptor: Descriptor = {
      mediaType: resolved.manifest.mediaType,
      digest: resolved.manifest.digest,
      size: resolved.manifest.bytes.length,
    };
    const { image } = resolved;
    const lease = await this.workLease('pull', name, {
      blobs: [manifestDescriptor, image.config, ...image.layers].map((blob) => blob.digest),
    });
    try {
      // At once: each is written, fsynced and renamed into the layout on its own.
      await Promise.all([
        this.content.writeBlob(resolved.manifest.bytes, manifestDescriptor.mediaType),
        this.content.fetch({
          expected: { digest: image.config.digest, size: image.config.size },
          open: registryBlobSource(this.registry, reference, image.config),
          signal: options.signal,
        }),
      ]);
      const local = await loadLocalImage(this.content, manifestDescriptor);
      await this.unpackImage(local, lease, {
        open: (layer) => registryBlobSource(this.registry, reference, layer),
        onProgress: (progress) => options.onProgress?.(progress),
        signal: options.signal,
      });
      const labels: Record<string, string> = {};
      if (resolved.root.digest !== resolved.manifest.digest)
        labels[INDEX_DIGEST_LABEL] = resolved.root.digest;
      const record = await this.setName(name, manifestDescriptor, labels);
      await this.dropCrashedLeases('pull', name);
      return imageDetails(record, local);
    } finally {
      await lease.release();
    }
  }

  /** The tags a repository's registry lists (pull --all-tags); the name may not carry a tag or digest. */
  async tags(repository: string): Promise<string[]> {
    const reference = parseReference(repository);
    if (reference.tag !== undefined || reference.digest !== undefined)
      throw new InvalidArgumentError(
        `repository ${JSON.stringify(repository)} names a tag or digest; list the tags of its repository`,
      );
    return this.registry.tags(reference);
  }

  /** Pushes a stored image to `destination` (default: its own name). */
  async push(
    input: string,
    destination?: string,
    onProgress?: (progress: { digest: string; done: number; total: number; state: string }) => void,
  ): Promise<{ digest: string; size: number; mediaType: string }> {
    const record = this.require(input);
    const target = destination === undefined ? record.name : canonicalImageName(destination).name;
    return this.registry.push(this.content.layoutDir, target, {
      name: record.name,
      ...(onProgress ? { onProgress } : {}),
    });
  }

  /**
   * Imports the images of an OCI image layout directory. Each is named `options.name` (when the
   * layout holds one image), else its `io.containerd.image.name` annotation, else its
   * `org.opencontainers.image.ref.name` as an image reference; then unpacked.
   */
  async importLayoutDir(dir: string, options: { name?: string } = {}): Promise<ImageDetails[]> {
    const lease = await this.workLease('import', dir);
    try {
      const found = await importLayout(this.content, dir, (digests) => lease.add({ blobs: digests }));
      const distinct = new Map(found.map((entry) => [entry.target.digest, entry]));
      if (options.name !== undefined && distinct.size !== 1) {
        throw new InvalidArgumentError(
          `${dir} holds ${distinct.size} images; a name can only be given to one`,
          {
            reason: 'AMBIGUOUS_IMPORT',
          },
        );
      }
      // With a name, the one image is named once (a layout may list it under several ref names).
      const entries = options.name !== undefined ? [...distinct.values()] : found;
      const result: ImageDetails[] = [];
      for (const entry of entries) {
        const given = options.name ?? entry.annotations[CONTAINERD_NAME_ANNOTATION] ?? entry.refName;
        if (given === undefined) continue;
        const { name } = canonicalImageName(given);
        const image = await loadLocalImage(this.content, entry.target);
        await this.unpackImage(image, lease, {});
        result.push(imageDetails(await this.setName(name, entry.target), image));
      }
      return result;
    } finally {
      await lease.release();
    }
  }

  /**
   * Imports an OCI image archive or a `docker save` tarball (read from `source`), then unpacks
   * its images. The archive is unpacked into a private temp directory first (archive members
   * come in any order), which is removed whatever happens.
   */
  async importArchive(
    source: Readable | AsyncIterable<Buffer>,
    options: { name?: string } = {},
  ): Promise<ImageDetails[]> {
    const dir = join(this.options.root, 'tmp', `import-${randomUUID()}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      await extractArchive(source, dir);
      const isLayout = await access(join(dir, 'index.json')).then(
        () => true,
        () => false,
      );
      if (!isLayout) await convertDockerArchive(dir);
      return await this.importLayoutDir(dir, options);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Writes the named images as one archive readable by docker load, skopeo and importArchive. */
  async exportArchive(names: readonly string[], out: Writable): Promise<void> {
    if (names.length === 0)
      throw new InvalidArgumentError('export needs at least one image name', { reason: 'NO_IMAGES' });
    await exportArchive(
      this.content,
      names.map((name) => this.require(name)),
      out,
    );
  }

  /** Makes sure every layer of an image is unpacked (after an import, or a GC of its snapshots). */
  async unpack(input: string): Promise<string | undefined> {
    const image = await loadLocalImage(this.content, this.require(input).target);
    const lease = await this.workLease('unpack', input);
    try {
      return await this.unpackImage(image, lease, {});
    } finally {
      await lease.release();
    }
  }

  private async unpackImage(
    image: LocalImage,
    lease: Lease,
    options: Pick<UnpackImageOptions, 'open' | 'onProgress' | 'signal'>,
  ): Promise<string | undefined> {
    const diffIds = image.config.rootfs.diff_ids;
    await lease.add({ snapshots: chainIds(diffIds) });
    return this.unpacker.unpack({
      layers: image.manifest.layers,
      diffIds,
      maxLayerBytes: this.options.maxLayerBytes ?? DEFAULT_MAX_LAYER_BYTES,
      ...options,
    });
  }

  /**
   * The lease in-flight work holds on what it writes. It is on disk and expires after a day, so
   * after a crash what a pull had already written stays for the next attempt, but not forever.
   */
  private workLease(
    purpose: 'pull' | 'import' | 'unpack',
    subject: string,
    resources: { blobs?: string[] } = {},
  ): Promise<Lease> {
    return this.leases.create({
      ttlMs: WORK_LEASE_TTL_MS,
      labels: {
        [LEASE_PURPOSE_LABEL]: purpose,
        [LEASE_SUBJECT_LABEL]: subject,
        [LEASE_OWNER_LABEL]: this.instance,
      },
      ...resources,
    });
  }

  /** Work leases a dead daemon left for the same work, once that work has been done again. */
  private async dropCrashedLeases(purpose: 'pull', subject: string): Promise<void> {
    for (const lease of this.leases.list()) {
      const labels = lease.labels;
      if (
        labels[LEASE_PURPOSE_LABEL] === purpose &&
        labels[LEASE_SUBJECT_LABEL] === subject &&
        labels[LEASE_OWNER_LABEL] !== this.instance
      ) {
        await this.leases.handle(lease.id).release();
      }
    }
  }

  list(filter: { name?: string } = {}): ImageRecord[] {
    const pattern = filter.name === undefined ? undefined : globToRegExp(filter.name);
    return this.images.all().filter((record) => !pattern || pattern.test(record.name));
  }

  async inspect(input: string): Promise<ImageDetails> {
    const record = this.require(input);
    return imageDetails(record, await loadLocalImage(this.content, record.target));
  }

  /** Gives the image `source` names the name `target` too. */
  async tag(source: string, target: string): Promise<ImageRecord> {
    const record = this.require(source);
    return this.setName(canonicalImageName(target).name, record.target, record.labels);
  }

  /** Removes a name; blobs and snapshots stay until a GC finds them unreferenced. */
  async remove(input: string): Promise<ImageRecord> {
    const { record, byId } = this.lookup(input);
    if (byId) {
      // By ID: which of several names is meant is unclear (docker asks for --force).
      const named = this.namesOf(record.target.digest);
      if (named.length > 1) throw new ImageReferencedError(this.imageIdOf(record) ?? '', named);
    }
    await this.names.run(record.name, () => this.images.delete(record.name));
    return record;
  }

  /**
   * Removes unused content. Without `all`, untagged images and what no image references
   * (dangling blobs and layers); with `all`, also every named image. Images a container's
   * snapshot is built on stay either way.
   */
  async prune(options: { all?: boolean } = {}): Promise<GcResult & { removedImages: string[] }> {
    const removedImages: string[] = [];
    const inUse = await this.chainsInUse();
    // Without `all`, untagged images (builds without -t) are the dangling ones docker prunes.
    for (const record of this.images.all()) {
      if (options.all || isUntaggedName(record.name)) {
        const image = await loadLocalImage(this.content, record.target).catch(() => undefined);
        if (image?.chainId !== undefined && inUse.has(image.chainId)) continue;
        await this.images.delete(record.name);
        removedImages.push(record.name);
      }
    }
    return { ...(await this.gc()), removedImages };
  }

  async gc(): Promise<GcResult> {
    return collectGarbage(this.content, this.snapshots, this.images, this.leases);
  }

  /** Disk usage per image and per snapshot, for `system df`. */
  async usage(): Promise<{ images: ImageUsage[]; snapshots: SnapshotUsage[] }> {
    const snapshotUsage: SnapshotUsage[] = [];
    const bySnapshot = new Map<string, number>();
    for (const info of await this.snapshots.list()) {
      const usage = await this.snapshots.usage(info.key);
      bySnapshot.set(info.key, usage.size);
      snapshotUsage.push({ key: info.key, kind: info.kind, ...usage });
    }
    const images: ImageUsage[] = [];
    for (const record of this.images.all()) {
      let contentSize = 0;
      for (const blob of await reachableBlobs(this.content, record.target)) {
        contentSize += await this.content.info(blob.digest).then(
          (info) => info.size,
          () => 0,
        );
      }
      const image = await loadLocalImage(this.content, record.target).catch(() => undefined);
      let unpackedSize = 0;
      if (image?.chainId !== undefined && this.snapshots.has(image.chainId)) {
        for (
          let key: string | undefined = image.chainId;
          key !== undefined;
          key = this.snapshots.parentKey(key)
        ) {
          unpackedSize += bySnapshot.get(key) ?? 0;
        }
      }
      images.push({ name: record.name, contentSize, unpackedSize });
    }
    return { images, snapshots: snapshotUsage };
  }

  async setName(name: string, target: Descriptor, labels: Record<string, string> = {}): Promise<ImageRecord> {
    await this.rememberImageId(target);
    // A named image is no longer an untagged one.
    const untagged = untaggedName(target.digest);
    if (name !== untagged && this.images.get(untagged) !== undefined)
      await this.names.run(untagged, () => this.images.delete(untagged));
    return this.names.run(name, async () => {
      const now = new Date().toISOString();
      const existing = this.images.get(name);
      const record: ImageRecord = {
        name,
        target: { mediaType: target.mediaType, digest: target.digest, size: target.size },
        labels,
        created: existing?.created ?? now,
        updated: now,
      };
      await this.images.put(record);
      return record;
    });
  }

  /**
   * Stores an image without a name (a build without -t), as docker's `<none>:<none>`: found by
   * its ID, kept until tagged or pruned. An image that already has a name is left as it is.
   */
  async storeUntagged(target: Descriptor, labels: Record<string, string> = {}): Promise<ImageRecord> {
    const named = this.images.all().find((record) => record.target.digest === target.digest);
    return named ?? this.setName(untaggedName(target.digest), target, labels);
  }

  /** Docker's image ID (the config digest) of a record, when its content is readable. */
  imageIdOf(record: ImageRecord): string | undefined {
    return this.imageIds.get(record.target.digest);
  }

  /**
   * The record a user-given reference means: an exact or canonical name, a manifest digest, or
   * an image ID (full, bare hex, or a unique prefix of at least 12 hex digits). Names win over
   * ID prefixes, as in docker.
   */
  require(input: string): ImageRecord {
    return this.lookup(input).record;
  }

  private lookup(input: string): { record: ImageRecord; byId: boolean } {
    const exact = this.images.get(input);
    if (exact) return { record: exact, byId: false };
    if (/^sha256:[0-9a-f]{64}$/.test(input)) {
      const byDigest = this.images.all().find((record) => record.target.digest === input);
      if (byDigest) return { record: byDigest, byId: false };
    }
    let canonical: string | undefined;
    try {
      canonical = canonicalImageName(input).name;
    } catch {
      canonical = undefined;
    }
    const named = canonical === undefined ? undefined : this.images.get(canonical);
    if (named) return { record: named, byId: false };
    const byId = this.findById(input);
    if (byId) return { record: byId, byId: true };
    throw new ImageNotFoundError(input);
  }

  private findById(input: string): ImageRecord | undefined {
    const hex = imageIdQuery(input);
    if (hex === undefined) return undefined;
    const match = matchImageId(
      hex,
      this.images.all().flatMap((record) => this.imageIdOf(record) ?? []),
    );
    if (match === undefined) return undefined;
    if ('ambiguous' in match) throw new AmbiguousImageIdError(hex, match.ambiguous);
    const matches = this.images.all().filter((record) => this.imageIdOf(record) === match.id);
    // Several names of one image: a real name before the untagged record, then by name.
    return matches.find((record) => !isUntaggedName(record.name)) ?? matches[0];
  }

  private namesOf(targetDigest: string): string[] {
    return this.images
      .all()
      .filter((record) => record.target.digest === targetDigest)
      .map((record) => record.name);
  }

  private async rememberImageId(target: Descriptor): Promise<void> {
    if (this.imageIds.has(target.digest)) return;
    // Content that cannot be read (a half-deleted image) is found by name only.
    const image = await loadLocalImage(this.content, target).catch(() => undefined);
    if (image) this.imageIds.set(target.digest, image.configDescriptor.digest);
  }

  /** Layer chains that active snapshots and views (containers) are built on. */
  private async chainsInUse(): Promise<Set<string>> {
    const inUse = new Set<string>();
    for (const info of await this.snapshots.list()) {
      if (info.kind === 'committed' || info.parent === undefined) continue;
      inUse.add(info.parent);
    }
    return inUse;
  }
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
