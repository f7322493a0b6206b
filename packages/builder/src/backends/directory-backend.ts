// A BuildBackend on plain directories, for hosts without the engine's image store and shim (and
// as the reference the engine's adapter is tested against): snapshots are full copies (like
// buildah's vfs driver), images live in an OCI layout, RUN steps run as root in new mount, PID,
// UTS, IPC (and, for --network none, network) namespaces chrooted into the snapshot, with a
// private /dev and /proc that never reach the layer.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { NotFoundError } from '@berth/kit';
import type { ImageConfig } from '@berth/oci';
import type {
  ActiveSnapshot,
  BaseImage,
  BuildBackend,
  LayerRef,
  SnapshotView,
  StepProcess,
  StoredImage,
} from '../executor/backend';
import { chainIdOf } from '../executor/digests';
import { unpackTar } from '../files/unpack';
import { CONFIG_TYPE, MANIFEST_TYPE, OciLayoutStore } from './oci-layout-store';

export interface DirectoryBackendOptions {
  /** State directory: snapshots/, active/, layout/ (the OCI layout with built images). */
  root: string;
  /** Further OCI layouts to find base images in (read-only). */
  baseLayouts?: string[];
}

const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'];

/** Runs in the new namespaces before entering the rootfs: private /dev and /proc mounts. */
const ENTER_SCRIPT = [
  'set -e',
  'root="$1"; cwd="$2"; uid="$3"; gid="$4"; shift 4',
  'if [ -d "$root/dev" ]; then',
  '  mount -t tmpfs -o mode=755,nosuid tmpfs "$root/dev"',
  `  for d in ${DEVICES.join(' ')}; do : > "$root/dev/$d"; mount --bind "/dev/$d" "$root/dev/$d"; done`,
  'fi',
  'if [ -d "$root/proc" ]; then mount -t proc proc "$root/proc"; fi',
  'exec unshare --root="$root" --wd="$cwd" --setuid "$uid" --setgid "$gid" -- "$@"',
].join('\n');

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function copyTree(from: string, to: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('cp', ['-a', '--reflink=auto', from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`cp -a ${from}: ${stderr.trim()}`)),
    );
  });
}

export class DirectoryBackend implements BuildBackend {
  readonly layout: OciLayoutStore;
  private readonly bases: OciLayoutStore[];
  private readonly unpacking = new Map<string, Promise<void>>();

  constructor(private readonly options: DirectoryBackendOptions) {
    this.layout = new OciLayoutStore(join(options.root, 'layout'));
    this.bases = (options.baseLayouts ?? []).map((dir) => new OciLayoutStore(dir));
  }

  async init(): Promise<void> {
    await this.layout.init();
    await mkdir(join(this.options.root, 'snapshots'), { recursive: true });
    await mkdir(join(this.options.root, 'active'), { recursive: true });
  }

  private snapshotDir(chainId: string): string {
    return join(this.options.root, 'snapshots', hexOf(chainId));
  }

  private activeDir(key: string): string {
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new Error(`invalid snapshot key ${key}`);
    return join(this.options.root, 'active', key);
  }

  async resolveImage(reference: string, options: { platform: string; pull: boolean }): Promise<BaseImage> {
    const candidates = [reference, reference.replace(/:latest$/, '')];
    for (const store of [this.layout, ...this.bases]) {
      for (const name of candidates) {
        try {
          const image = await store.image(name);
          if (store !== this.layout) {
            for (const layer of image.manifest.layers)
              await this.layout.putBlobFile(layer.digest, store.blobPath(layer.digest));
          }
          const layers: LayerRef[] = image.manifest.layers.map((layer, index) => ({
            mediaType: layer.mediaType,
            digest: layer.digest,
            size: layer.size,
            diffId: image.config.rootfs.diff_ids[index],
          }));
          return { reference: name, digest: image.manifestDigest, config: image.config, layers };
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
    }
    const hint = options.pull ? ' (the directory backend does not pull from registries)' : '';
    throw new NotFoundError(`image ${reference} not found${hint}`, { reason: 'IMAGE_NOT_FOUND' });
  }

  async ensureChain(layers: readonly LayerRef[]): Promise<void> {
    let parent: string | undefined;
    for (const layer of layers) {
      const chainId = chainIdOf(parent, layer.diffId);
      // Stages on the same base ask at the same time: unpack each chain once.
      let unpacking = this.unpacking.get(chainId);
      if (unpacking === undefined) {
        unpacking = this.unpackChain(chainId, parent, layer).finally(() => this.unpacking.delete(chainId));
        this.unpacking.set(chainId, unpacking);
      }
      await unpacking;
      parent = chainId;
    }
  }

  private async unpackChain(chainId: string, parent: string | undefined, layer: LayerRef): Promise<void> {
    const dir = this.snapshotDir(chainId);
    if (await exists(dir)) return;
    const staging = await mkdtemp(join(this.options.root, 'active', 'unpack-'));
    try {
      const rootfs = join(staging, 'rootfs');
      if (parent === undefined) await mkdir(rootfs);
      else await copyTree(this.snapshotDir(parent), rootfs);
      const blob = createReadStream(this.layout.blobPath(layer.digest));
      const tar = layer.mediaType.endsWith('gzip') ? blob.pipe(createGunzip()) : blob;
      await unpackTar(tar, rootfs, '/', { whiteouts: true });
      await rename(rootfs, dir).catch(async (error: NodeJS.ErrnoException) => {
        if (!(await exists(dir))) throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async hasChain(chainId: string, layer: LayerRef): Promise<boolean> {
    return (await exists(this.snapshotDir(chainId))) && (await this.layout.hasBlob(layer.digest));
  }

  async prepare(key: string, parentChainId: string | undefined): Promise<ActiveSnapshot> {
    const dir = this.activeDir(key);
    if (parentChainId === undefined) await mkdir(dir);
    else await copyTree(this.snapshotDir(parentChainId), dir);
    return { rootfs: dir };
  }

  async view(key: string, chainId: string | undefined): Promise<SnapshotView> {
    if (chainId !== undefined) return { rootfs: this.snapshotDir(chainId), release: async () => undefined };
    const empty = this.activeDir(key);
    await mkdir(empty);
    return { rootfs: empty, release: () => rm(empty, { recursive: true, force: true }) };
  }

  async storeLayer(layer: LayerRef, layerFile: string): Promise<void> {
    await this.layout.putBlobFile(layer.digest, layerFile);
  }

  async commit(key: string, chainId: string): Promise<void> {
    const target = this.snapshotDir(chainId);
    if (await exists(target)) {
      await rm(this.activeDir(key), { recursive: true, force: true });
      return;
    }
    await rename(this.activeDir(key), target);
  }

  async remove(key: string): Promise<void> {
    await rm(this.activeDir(key), { recursive: true, force: true });
  }

  run(step: StepProcess): Promise<number> {
    const namespaces = [
      '--mount',
      '--uts',
      '--ipc',
      '--pid',
      '--fork',
      '--kill-child',
      '--propagation',
      'private',
    ];
    if (step.network === 'none') namespaces.push('--net');
    const args = [...namespaces, '--', '/bin/sh', '-c', ENTER_SCRIPT, 'berth-enter'];
    args.push(step.rootfs, step.cwd, String(step.uid), String(step.gid), ...step.args);
    return new Promise<number>((resolve, reject) => {
      const child = spawn('unshare', args, {
        env: Object.fromEntries(
          step.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
        ),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => step.output('stdout', chunk));
      child.stderr.on('data', (chunk: Buffer) => step.output('stderr', chunk));
      const onAbort = (): void => void child.kill('SIGKILL');
      step.signal?.addEventListener('abort', onAbort, { once: true });
      if (step.signal?.aborted === true) onAbort();
      child.on('error', reject);
      child.on('close', (code, signal) => {
        step.signal?.removeEventListener('abort', onAbort);
        resolve(code ?? 128 + (signal === null ? 0 : 9));
      });
    });
  }

  async storeImage(
    config: ImageConfig,
    layers: readonly LayerRef[],
    tags: readonly string[],
  ): Promise<StoredImage> {
    const configBlob = await this.layout.putBlob(Buffer.from(JSON.stringify(config)));
    const manifest = {
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: { mediaType: CONFIG_TYPE, digest: configBlob.digest, size: configBlob.size },
      layers: layers.map((layer) => ({ mediaType: layer.mediaType, digest: layer.digest, size: layer.size })),
    };
    const manifestBlob = await this.layout.putBlob(Buffer.from(JSON.stringify(manifest)));
    const descriptor = { mediaType: MANIFEST_TYPE, digest: manifestBlob.digest, size: manifestBlob.size };
    await this.layout.tag(descriptor, tags.length > 0 ? tags : [configBlob.digest]);
    return { id: configBlob.digest, manifestDigest: manifestBlob.digest };
  }
}
