// The builder's BuildBackend over the engine's components: base images from berth-images
// (pulled when missing), each step's rootfs an overlay snapshot of berth-images mounted by the
// engine, its layer read off the snapshot's upper directory, RUN steps in one-shot containers of
// the build's shim, and the result stored through WriteContent/CreateImage.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chainIdOfLayers,
  overlayUpperChanges,
  type ActiveSnapshot,
  type BaseImage,
  type BuildBackend,
  type Change,
  type LayerRef,
  type SnapshotView,
  type StepProcess,
  type StoredImage,
} from '@berth/builder';
import { types } from '@berth/api';
import { NotFoundError, type Logger } from '@berth/kit';
import { lgetxattr, llistxattr } from '@berth/sys';
import { parseImageConfig, type ImageConfig } from '@berth/oci';

import { mountRootfs, unmountRootfs } from '../components/rootfs-mount';
import type { ImageResolver } from '../engine/image-resolver';
import type { BuildShimPool } from './build-shim';
import { storeBuiltImage, writeContentFile } from './content-writer';
import { runStepContainer, type StepContainerDeps } from './step-container';

/**
 * Overlay features that let the upper directory hold less than the whole change (a renamed
 * directory's old name in an xattr, a chmod without the data): off, so the upper dir is the diff.
 */
const EXACT_UPPER_OPTIONS = ['redirect_dir=off', 'metacopy=off'];

export interface OverlayBackendDeps extends StepContainerDeps {
  images: ImageResolver;
  shims: BuildShimPool;
  /** The build's scratch directory (mount points, bundles); removed by the caller. */
  workDir: string;
  log: Logger;
}

interface Mounted {
  rootfs: string;
  /** The overlay upper directory (or the bound directory of a parentless snapshot). */
  upper: string | undefined;
  /** The overlay's lower directories (none for a parentless snapshot). */
  lowers: string[];
}

function isNotFound(err: unknown): boolean {
  return (err as { code?: string }).code === 'NotFound' || err instanceof NotFoundError;
}

function isAlreadyExists(err: unknown): boolean {
  return (err as { code?: string }).code === 'AlreadyExists';
}

export class OverlayBuildBackend implements BuildBackend {
  private readonly mounted = new Map<string, Mounted>();
  /** Milliseconds spent in each backend call over the build (summed; parallel stages overlap). */
  readonly timings: Record<string, number> = {};

  private async timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.timings[phase] = Math.round((this.timings[phase] ?? 0) + performance.now() - started);
    }
  }

  constructor(private readonly deps: OverlayBackendDeps) {}

  /** Stages on the same base ask for it each: one lookup per reference and build. */
  private readonly resolved = new Map<string, Promise<BaseImage>>();

  resolveImage(reference: string, options: { platform: string; pull: boolean }): Promise<BaseImage> {
    const key = JSON.stringify([reference, options.platform, options.pull]);
    let resolved = this.resolved.get(key);
    if (resolved === undefined) {
      resolved = this.timed('resolveImage', () => this.lookUp(reference, options));
      this.resolved.set(key, resolved);
      resolved.catch(() => this.resolved.delete(key));
    }
    return resolved;
  }

  private async lookUp(reference: string, options: { platform: string; pull: boolean }): Promise<BaseImage> {
    const pull = () => this.deps.images.pull(reference, options.platform, () => undefined);
    if (options.pull) await pull();
    let response;
    try {
      response = await this.deps.clients.images.call.get({ name: reference });
    } catch (err) {
      if (options.pull || !isNotFound(err)) throw err;
      await pull();
      response = await this.deps.clients.images.call.get({ name: reference });
    }
    const config = parseImageConfig(JSON.parse(response.configJson)) as ImageConfig;
    return {
      reference: response.image?.name ?? reference,
      digest: response.manifestDigest,
      config,
      layers: response.layers.map((layer) => ({
        mediaType: layer.blob?.mediaType ?? '',
        digest: layer.blob?.digest ?? '',
        size: layer.blob?.size ?? 0,
        diffId: layer.diffId,
      })),
    };
  }

  async ensureChain(layers: readonly LayerRef[]): Promise<void> {
    const chainId = chainIdOfLayers(layers.map((layer) => layer.diffId));
    if (chainId === undefined) return;
    try {
      await this.deps.clients.snapshots.call.stat({ key: chainId });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      throw new NotFoundError(
        `the layers of the base image are not unpacked (snapshot ${chainId}): pull it again`,
        {
          reason: 'BASE_NOT_UNPACKED',
          cause: err,
        },
      );
    }
  }

  hasChain(chainId: string, layer: LayerRef): Promise<boolean> {
    return this.timed('hasChain', () => this.chainPresent(chainId, layer));
  }

  private async chainPresent(chainId: string, layer: LayerRef): Promise<boolean> {
    // Both must still be there: the snapshot to build on, the blob for the image's manifest
    // (either can go on its own: a prune, a snapshot removed by hand).
    const [snapshot, blobs] = await Promise.all([
      this.deps.clients.snapshots.call.stat({ key: chainId }).then(
        () => true,
        (err: unknown) => (isNotFound(err) ? false : Promise.reject(err)),
      ),
      this.deps.clients.images.call.blobStatus({ digests: [layer.digest] }),
    ]);
    return snapshot && blobs.missing.length === 0;
  }

  private async mount(key: string, mounts: types.v1.Mount[]): Promise<Mounted> {
    const rootfs = join(this.deps.workDir, 'rootfs', key);
    const exact = mounts.map((mount) =>
      mount.type === 'overlay' ? { ...mount, options: [...mount.options, ...EXACT_UPPER_OPTIONS] } : mount,
    );
    await mountRootfs(exact, rootfs, { fresh: true });
    const last = mounts.at(-1);
    const option = (name: string) =>
      last?.type === 'overlay'
        ? last.options.find((value) => value.startsWith(`${name}=`))?.slice(name.length + 1)
        : undefined;
    const upper = last?.type === 'overlay' ? option('upperdir') : last?.source;
    const lowers = option('lowerdir')?.split(':') ?? [];
    const mounted = { rootfs, upper, lowers };
    this.mounted.set(key, mounted);
    return mounted;
  }

  private async unmount(key: string): Promise<void> {
    const mounted = this.mounted.get(key);
    if (mounted === undefined) return;
    await unmountRootfs(mounted.rootfs, { mounted: true });
    await rm(mounted.rootfs, { recursive: true, force: true });
    this.mounted.delete(key);
  }

  async prepare(key: string, parentChainId: string | undefined): Promise<ActiveSnapshot> {
    return this.timed('prepare', async () => {
      const { mounts } = await this.deps.clients.snapshots.call.prepare({
        key,
        parent: parentChainId ?? '',
        labels: {},
      });
      try {
        return { rootfs: (await this.mount(key, mounts)).rootfs };
      } catch (err) {
        await this.deps.clients.snapshots.call.removeSnapshot({ key }).catch(() => undefined);
        throw err;
      }
    });
  }

  async view(key: string, chainId: string | undefined): Promise<SnapshotView> {
    if (chainId === undefined) {
      const empty = join(this.deps.workDir, 'empty', key);
      await mkdir(empty, { recursive: true });
      return { rootfs: empty, release: () => rm(empty, { recursive: true, force: true }) };
    }
    return this.timed('view', async () => {
      const { mounts } = await this.deps.clients.snapshots.call.view({ key, parent: chainId, labels: {} });
      try {
        const { rootfs } = await this.mount(key, mounts);
        return { rootfs, release: () => this.timed('view.release', () => this.remove(key)) };
      } catch (err) {
        await this.deps.clients.snapshots.call.removeSnapshot({ key }).catch(() => undefined);
        throw err;
      }
    });
  }

  async changes(key: string): Promise<Change[] | undefined> {
    return this.timed('changes', async () => {
      const mounted = this.mounted.get(key);
      if (mounted?.upper === undefined) return undefined;
      // Mounted with EXACT_UPPER_OPTIONS: no redirect or metacopy xattrs to look for.
      const result = await overlayUpperChanges(mounted.upper, {
        lowers: mounted.lowers,
        xattrs: { list: llistxattr, get: lgetxattr },
      });
      if (!result.exact) {
        this.deps.log.warn(
          { key, why: result.why },
          'overlay upper dir is not the whole diff: walking the trees',
        );
        return undefined;
      }
      return result.changes;
    });
  }

  /**
   * Layer uploads still running. The next step needs only the committed snapshot, so a layer's
   * blob (the upload and the store's fsyncs) goes in while later steps run; storeImage waits for
   * them all, and a failed one fails the build there.
   */
  private readonly uploads: Promise<void>[] = [];

  async storeLayer(layer: LayerRef, layerFile: string): Promise<void> {
    // Moved out of the builder's hands: its scratch space goes when the build ends.
    const upload = join(this.deps.workDir, `upload-${randomUUID()}.tar.gz`);
    await rename(layerFile, upload);
    const uploading = this.timed('upload', () =>
      writeContentFile(this.deps.clients, upload, layer.digest, layer.size),
    ).finally(() => rm(upload, { force: true }));
    uploading.catch(() => undefined); // awaited by storeImage or cleanup
    this.uploads.push(uploading);
  }

  async commit(key: string, chainId: string): Promise<void> {
    return this.timed('commit', async () => {
      await this.unmount(key);
      try {
        await this.deps.clients.snapshots.call.commit({ name: chainId, key, labels: {} });
      } catch (err) {
        // The same layer made by another build meanwhile: theirs is as good.
        if (!isAlreadyExists(err)) throw err;
        await this.remove(key);
      }
    });
  }

  async remove(key: string): Promise<void> {
    await this.unmount(key);
    await this.deps.clients.snapshots.call.removeSnapshot({ key }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  run(process: StepProcess): Promise<number> {
    let last = performance.now();
    const mark = (phase: string) => {
      const now = performance.now();
      this.timings[phase] = Math.round((this.timings[phase] ?? 0) + now - last);
      last = now;
    };
    return this.timed('run', () =>
      runStepContainer(this.deps, this.deps.shims, join(this.deps.workDir, 'bundles'), process, mark),
    );
  }

  async storeImage(
    config: ImageConfig,
    layers: readonly LayerRef[],
    tags: readonly string[],
  ): Promise<StoredImage> {
    await this.timed('uploadWait', () => Promise.all(this.uploads));
    return this.timed('storeImage', () => storeBuiltImage(this.deps.clients, config, layers, tags));
  }

  /** Unmounts and drops whatever a failed build left (the builder removes its own; this is the net). */
  async cleanup(): Promise<void> {
    await Promise.allSettled(this.uploads);
    for (const key of [...this.mounted.keys()]) await this.remove(key).catch(() => undefined);
  }
}
