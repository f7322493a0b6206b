import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MAX_MOUNT_DATA_BYTES, mountWithOptions } from '@berth/sys';

import { EXTRACT_LABEL, Snapshotter } from '../src';
import { mountAll, unmountUnder } from './support/mounts';

// Needs root: real overlay mounts.

describe('Snapshotter', () => {
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'berth-snap-'));
  });
  afterEach(() => {
    unmountUnder(work);
    rmSync(work, { recursive: true, force: true });
  });

  async function layered(root: string): Promise<Snapshotter> {
    const snapshots = new Snapshotter(root);
    await snapshots.init();
    await snapshots.prepare('base-active');
    writeFileSync(join(snapshots.upperDir('base-active'), 'hello'), 'from base\n');
    await snapshots.commit('base', 'base-active');
    return snapshots;
  }

  it('follows containerd semantics for kinds, parents and removal', async () => {
    const snapshots = await layered(join(work, 'root'));
    await expect(snapshots.prepare('base')).rejects.toMatchObject({ reason: 'SNAPSHOT_EXISTS' });
    await expect(snapshots.prepare('x', 'missing')).rejects.toMatchObject({ reason: 'SNAPSHOT_NOT_FOUND' });
    await snapshots.prepare('ctr', 'base', { owner: 'test' });
    await expect(snapshots.prepare('y', 'ctr')).rejects.toMatchObject({ reason: 'SNAPSHOT_STATE' });
    await snapshots.view('v', 'base');
    await expect(snapshots.commit('v-c', 'v')).rejects.toMatchObject({ reason: 'SNAPSHOT_STATE' });
    await expect(snapshots.remove('base')).rejects.toMatchObject({
      message: expect.stringMatching(/is built on it/),
    });
    expect(await snapshots.stat('ctr')).toMatchObject({
      key: 'ctr',
      kind: 'active',
      parent: 'base',
      labels: { owner: 'test' },
    });
    expect((await snapshots.list()).map((info) => `${info.key}:${info.kind}`)).toEqual([
      'base:committed',
      'ctr:active',
      'v:view',
    ]);
    expect((await snapshots.usage('base')).size).toBeGreaterThan(0);
    await snapshots.remove('ctr');
    await snapshots.remove('v');
    await snapshots.remove('base');
    expect(await snapshots.list()).toEqual([]);
  });

  it('reconciles after a crash: unfinished extractions and orphan dirs go, used dirs and mounts are reported', async () => {
    const root = join(work, 'root');
    const snapshots = await layered(root);
    const mounts = await snapshots.prepare('ctr', 'base');
    const rootfs = join(work, 'rootfs');
    mountAll(mounts, rootfs);
    await expect(snapshots.remove('ctr')).rejects.toMatchObject({
      message: expect.stringMatching(/in use by the mount at/),
    });
    await snapshots.prepare('extract-1', undefined, { [EXTRACT_LABEL]: 'sha256:abc' });
    mkdirSync(join(root, 'snapshots', '999', 'fs'), { recursive: true });

    const restarted = new Snapshotter(root);
    const report = await restarted.init();
    expect(report.removedOrphans.sort()).toEqual(['3', '999']); // the extraction's and the stray one
    expect(report.staleMounts).toEqual([expect.objectContaining({ mountPoint: rootfs, fsType: 'overlay' })]);
    expect((await restarted.list()).map((info) => info.key)).toEqual(['base', 'ctr']);
    expect(readdirSync(join(root, 'snapshots')).sort()).toEqual(['1', '2']);
  });

  it('sees layers of an overlay mounted with options over a page (lowerdir+= in mountinfo)', async () => {
    // Long layer paths: the options exceed mount(2)'s page, so @berth/sys hands overlay its
    // layers one at a time (fsconfig "lowerdir+", Linux 6.8+) and mountinfo lists them so.
    const root = join(work, 'r'.repeat(100));
    const snapshots = new Snapshotter(root);
    await snapshots.init();
    let parent: string | undefined;
    for (let i = 0; i < 32; i++) {
      await snapshots.prepare(`a${i}`, parent);
      writeFileSync(join(snapshots.upperDir(`a${i}`), `f${i}`), '');
      await snapshots.commit(`l${i}`, `a${i}`);
      parent = `l${i}`;
    }
    const [mount] = await snapshots.view('v', parent);
    expect(Buffer.byteLength(mount!.options.join(','))).toBeGreaterThan(MAX_MOUNT_DATA_BYTES);
    const rootfs = join(work, 'rootfs');
    mkdirSync(rootfs);
    await mountWithOptions(rootfs, mount!);
    expect(readdirSync(rootfs)).toHaveLength(32);

    // The top layer has no snapshot built on it once the view's record is gone, only the mount.
    await snapshots.remove('v');
    await expect(snapshots.remove('l31')).rejects.toMatchObject({
      message: expect.stringMatching(/in use by the mount at/),
    });
    const report = await new Snapshotter(root).init();
    expect(report.staleMounts).toEqual([expect.objectContaining({ mountPoint: rootfs, fsType: 'overlay' })]);
    expect(report.staleMounts[0]!.paths).toHaveLength(32);
  });
});
