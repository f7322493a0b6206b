import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { busyboxLayout, startRegistry, type BusyboxLayout, type RunningRegistry } from '@berth/fixtures';
import { RegistryClient } from '@berth/registry-client';

import { ImageStore, type PullProgress } from '../src';
import { mountAll, unmountUnder } from './support/mounts';

// Needs root: overlay and bind mounts, chroot.

describe('pull from a real registry, snapshots on real overlay mounts', () => {
  let registry: RunningRegistry;
  let busybox: BusyboxLayout;
  let work: string;
  let store: ImageStore;
  let imageName: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'berth-images-pull-'));
    busybox = await busyboxLayout();
    registry = await startRegistry();
    const client = new RegistryClient({ dockerConfig: false });
    try {
      await client.push(busybox.dir, `${registry.host}/library/busybox:1.0`, { name: 'busybox' });
    } finally {
      await client.close();
    }
    imageName = `${registry.host}/library/busybox:1.0`;
    ({ store } = await ImageStore.open({ root: join(work, 'root'), registry: { dockerConfig: false } }));
  });

  afterAll(async () => {
    unmountUnder(work);
    await store?.close();
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  afterEach(() => unmountUnder(work));

  it('pulls busybox with per-layer progress into a valid OCI layout', async () => {
    const events: PullProgress[] = [];
    const details = await store.pull(imageName, { onProgress: (event) => events.push(event) });
    expect(details.name).toBe(imageName);
    expect(details.manifestDigest).toBe(busybox.manifestDigest);
    expect(details.layers).toEqual([
      expect.objectContaining({ digest: busybox.layerDigest, diffId: busybox.diffId }),
    ]);
    expect(details.chainId).toBe(busybox.diffId);
    expect(details.history.length).toBeGreaterThan(0);
    expect(events[0]).toEqual({ phase: 'resolving', reference: imageName });
    const phases = events.filter((event) => event.phase !== 'resolving').map((event) => event.phase);
    expect(phases).toContain('downloading');
    expect(phases).toContain('extracting');
    expect(phases[phases.length - 1]).toBe('done');

    const layout = store.content.layoutDir;
    // Debian's oci-image-tool 1.0.0-rc1 only accepts --type image and detects the layout itself.
    const validated = execFileSync('oci-image-tool', [
      'validate',
      '--type',
      'image',
      '--ref',
      `name=${imageName}`,
      layout,
    ]);
    expect(validated.toString()).toMatch(/Validation succeeded/);
    const inspected = JSON.parse(
      execFileSync('skopeo', ['inspect', `oci:${layout}:${imageName}`]).toString(),
    );
    expect(inspected.Digest).toBe(busybox.manifestDigest);
    expect(store.list().map((record) => record.name)).toEqual([imageName]);
  });

  it('pushes a stored image to another repository', async () => {
    const destination = `${registry.host}/copies/busybox:pushed`;
    const progress: string[] = [];
    const pushed = await store.push(imageName, destination, (p) => progress.push(p.digest));
    expect(pushed.digest).toBe(busybox.manifestDigest);
    expect(progress).toEqual(expect.arrayContaining([busybox.layerDigest]));
    const remote = JSON.parse(
      execFileSync('skopeo', ['inspect', '--tls-verify=false', `docker://${destination}`]).toString(),
    );
    expect(remote.Digest).toBe(busybox.manifestDigest);
  });

  it('pulls the same image twice at once into one set of blobs and snapshots', async () => {
    const [a, b] = await Promise.all([store.pull(imageName), store.pull(imageName)]);
    expect(a.chainId).toBe(b.chainId);
    expect(
      (await store.snapshots.list()).filter((info) => info.kind === 'committed').map((info) => info.key),
    ).toEqual([busybox.diffId]);
    expect(await store.content.ingests.list()).toEqual([]);
  });

  it('prepares a snapshot that mounts as a working root filesystem, and commits its changes', async () => {
    const details = await store.inspect(imageName);
    const rootfs = join(work, 'rootfs');
    const mounts = await store.snapshots.prepare('container-1', details.chainId);
    expect(mounts[0]?.type).toBe('overlay');
    const unmount = mountAll(mounts, rootfs);
    try {
      execFileSync('chroot', [rootfs, '/bin/busybox', 'true']);
      expect(execFileSync('chroot', [rootfs, '/bin/sh', '-c', 'echo hi']).toString()).toBe('hi\n');
      writeFileSync(join(rootfs, 'etc/greeting'), 'hello from a container\n');
      rmSync(join(rootfs, 'etc/group'));
    } finally {
      unmount();
    }
    await store.snapshots.commit('container-1-committed', 'container-1');
    const viewMounts = await store.snapshots.view('view-1', 'container-1-committed');
    const view = join(work, 'view');
    const unmountView = mountAll(viewMounts, view);
    try {
      expect(readFileSync(join(view, 'etc/greeting'), 'utf8')).toBe('hello from a container\n');
      expect(existsSync(join(view, 'etc/group'))).toBe(false);
      expect(existsSync(join(view, 'etc/passwd'))).toBe(true);
      execFileSync('chroot', [view, '/bin/busybox', 'true']);
      expect(() => writeFileSync(join(view, 'x'), 'x')).toThrow(/EROFS|read-only/);
    } finally {
      unmountView();
    }
    const usage = await store.usage();
    expect(usage.images[0]).toMatchObject({ name: imageName });
    expect(usage.images[0]!.unpackedSize).toBeGreaterThan(500_000);
    expect(usage.snapshots.find((s) => s.key === 'container-1-committed')!.size).toBeGreaterThan(0);

    // Without its name the image's blobs go; the layers containers are built on stay.
    await store.remove(imageName);
    const gc = await store.gc();
    expect(gc.removedBlobs.sort()).toEqual(
      [busybox.configDigest, busybox.layerDigest, busybox.manifestDigest].sort(),
    );
    expect(gc.removedSnapshots).toEqual([]);
    expect(store.snapshots.has(busybox.diffId)).toBe(true);
    await store.snapshots.remove('view-1');
    await store.snapshots.remove('container-1-committed');
    const second = await store.gc();
    expect(second.removedSnapshots).toEqual([busybox.diffId]);
    expect(await store.content.list()).toEqual([]);
    expect(await store.snapshots.list()).toEqual([]);
  });
});
