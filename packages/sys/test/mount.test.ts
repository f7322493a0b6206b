import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  isMountPoint,
  MAX_MOUNT_DATA_BYTES,
  mkfifo,
  MNT,
  MS,
  mount,
  mountAll,
  mountWithOptions,
  SysError,
  umount,
  unmountAll,
} from '../src';
import { makeTempDir, openFds, removeTempDir } from './helpers';

interface MountEntry {
  point: string;
  /** Per-mount options (ro, nosuid, ...). */
  options: string[];
  /** Optional fields: shared:N, master:N. */
  propagation: string[];
  fstype: string;
  superOptions: string[];
}

function mountsUnder(dir: string): MountEntry[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [left, right] = line.split(' - ') as [string, string];
      const fields = left.split(' ');
      const [fstype, , superOptions] = right.split(' ') as [string, string, string];
      return {
        point: fields[4] as string,
        options: (fields[5] as string).split(','),
        propagation: fields.slice(6),
        fstype,
        superOptions: superOptions.split(','),
      };
    })
    .filter((entry) => entry.point === dir || entry.point.startsWith(`${dir}/`));
}

function topMount(point: string): MountEntry {
  const entries = mountsUnder(point).filter((entry) => entry.point === point);
  if (entries.length === 0) throw new Error(`${point} is not mounted`);
  return entries[entries.length - 1] as MountEntry;
}

async function rejection(promise: Promise<unknown>): Promise<SysError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SysError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('mount, umount, mkfifo', () => {
  let dir: string;
  let target: string;
  let fdsBefore: number[];

  beforeEach(() => {
    fdsBefore = openFds();
    dir = makeTempDir();
    target = path.join(dir, 'mnt');
    mkdirSync(target);
  });

  afterEach(async () => {
    // Whatever a failed test left mounted goes, deepest and newest first, before the dir does.
    const leftovers = mountsUnder(dir);
    for (const entry of leftovers.reverse()) await umount(entry.point, MNT.DETACH).catch(() => undefined);
    removeTempDir(dir);
    expect(leftovers.map((entry) => entry.point)).toEqual([]);
    expect(openFds()).toEqual(fdsBefore);
  });

  function layer(name: string, files: Record<string, string>): string {
    const layerDir = path.join(dir, name);
    mkdirSync(layerDir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(layerDir, file), text);
    return layerDir;
  }

  it('mounts a tmpfs with flags and data, and unmounts it', async () => {
    await mountWithOptions(target, {
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'nodev', 'size=1m'],
    });
    expect(isMountPoint(target)).toBe(true);
    const entry = topMount(target);
    expect(entry.fstype).toBe('tmpfs');
    expect(entry.options).toEqual(expect.arrayContaining(['rw', 'nosuid', 'nodev']));
    expect(entry.superOptions).toContain('size=1024k');
    await umount(target);
    expect(isMountPoint(target)).toBe(false);
  });

  it('bind mounts read-only the way mount(8) does: bind, then a bind remount', async () => {
    const source = layer('source', { file: 'data' });
    await mountWithOptions(target, { type: 'bind', source, options: ['rbind', 'ro', 'nosuid'] });
    expect(readFileSync(path.join(target, 'file'), 'utf8')).toBe('data');
    expect(topMount(target).options).toEqual(expect.arrayContaining(['ro', 'nosuid']));
    expect(() => writeFileSync(path.join(target, 'new'), 'x')).toThrow(
      expect.objectContaining({ code: 'EROFS' }),
    );
    await umount(target);
  });

  it('merges an upper and two lowers with overlay, the upper layer winning', async () => {
    const lower1 = layer('l1', { a: 'from l1', shared: 'l1' });
    const lower2 = layer('l2', { b: 'from l2', shared: 'l2' });
    const upper = layer('upper', { shared: 'upper' });
    const work = layer('work', {});
    await mountWithOptions(target, {
      type: 'overlay',
      source: 'overlay',
      options: [`workdir=${work}`, `upperdir=${upper}`, `lowerdir=${lower1}:${lower2}`],
    });
    expect(readdirSync(target).sort()).toEqual(['a', 'b', 'shared']);
    expect(readFileSync(path.join(target, 'shared'), 'utf8')).toBe('upper');
    writeFileSync(path.join(target, 'written'), 'new');
    expect(readFileSync(path.join(upper, 'written'), 'utf8')).toBe('new');
    await umount(target);
  });

  it('mounts an overlay whose options exceed a page, one layer per fsconfig call', async () => {
    const lowers = Array.from({ length: 40 }, (_, i) =>
      layer(path.join('layers', `${'x'.repeat(100)}-${i}`), { [`f${i}`]: String(i) }),
    );
    const option = `lowerdir=${lowers.join(':')}`;
    expect(Buffer.byteLength(option)).toBeGreaterThan(MAX_MOUNT_DATA_BYTES);
    await mountWithOptions(target, { type: 'overlay', source: 'overlay', options: [option] });
    expect(readdirSync(target)).toHaveLength(40);
    expect(readFileSync(path.join(target, 'f39'), 'utf8')).toBe('39');
    await umount(target);
  });

  it('remounts read-only and applies propagation options', async () => {
    await mountWithOptions(target, { type: 'tmpfs', source: 'tmpfs', options: ['private'] });
    expect(topMount(target).propagation.filter((field) => field.startsWith('shared:'))).toEqual([]);
    await mountWithOptions(target, { options: ['remount', 'ro'] });
    expect(topMount(target).options).toContain('ro');
    expect(() => writeFileSync(path.join(target, 'new'), 'x')).toThrow(
      expect.objectContaining({ code: 'EROFS' }),
    );
    await mount(null, target, null, MS.SHARED, null);
    expect(topMount(target).propagation.some((field) => field.startsWith('shared:'))).toBe(true);
    await umount(target);
  });

  it('refuses a busy unmount with EBUSY and detaches lazily with MNT.DETACH', async () => {
    await mountWithOptions(target, { type: 'tmpfs', source: 'tmpfs' });
    writeFileSync(path.join(target, 'held'), 'still readable');
    const fd = openSync(path.join(target, 'held'), 'r');
    try {
      const busy = await rejection(umount(target));
      expect(busy).toMatchObject({ errno: 'EBUSY', syscall: 'umount2', path: target });
      expect(busy.message).toContain(target);
      await umount(target, MNT.DETACH);
      expect(isMountPoint(target)).toBe(false);
      expect(readFileSync(fd, 'utf8')).toBe('still readable');
    } finally {
      closeSync(fd);
    }
  });

  it('stacks mounts with mountAll and takes a given number, or all, off with unmountAll', async () => {
    const lower = layer('lower', { file: 'lower' });
    const stack = [
      { type: 'tmpfs', source: 'tmpfs', options: ['size=1m'] },
      { type: 'bind', source: lower, options: ['ro'] },
    ];
    await mountAll(target, stack);
    expect(mountsUnder(target).map((entry) => entry.fstype)).toEqual(['tmpfs', expect.any(String)]);
    expect(readFileSync(path.join(target, 'file'), 'utf8')).toBe('lower');
    await unmountAll(target, 1);
    expect(topMount(target).fstype).toBe('tmpfs');
    // More than is mounted: it stops once nothing is left, as an undo after a partial delete must.
    await unmountAll(target, 3);
    expect(isMountPoint(target)).toBe(false);
    await mountAll(target, [...stack, ...stack]);
    await unmountAll(target);
    expect(isMountPoint(target)).toBe(false);
    await unmountAll(path.join(dir, 'missing'), 1);
  });

  it("undoes the mounts mountAll made when a later one fails, throwing that mount's error", async () => {
    const missing = path.join(dir, 'missing');
    const failed = await rejection(
      mountAll(target, [
        { type: 'tmpfs', source: 'tmpfs' },
        { type: 'tmpfs', source: 'tmpfs', options: ['ro'] },
        { type: 'bind', source: missing },
      ]),
    );
    expect(failed).toMatchObject({ errno: 'ENOENT', path: target });
    expect(mountsUnder(target)).toEqual([]);
  });

  it('names the path in errors', async () => {
    const notMounted = await rejection(umount(target));
    expect(notMounted).toMatchObject({ code: 'InvalidArgument', errno: 'EINVAL', path: target });
    expect(notMounted.message).toBe(`umount ${target} failed: EINVAL: Invalid argument`);

    const missing = path.join(dir, 'missing');
    const noTarget = await rejection(mountWithOptions(missing, { type: 'tmpfs', source: 'tmpfs' }));
    expect(noTarget).toMatchObject({ code: 'NotFound', errno: 'ENOENT', syscall: 'mount', path: missing });
    expect(noTarget.message).toBe(`mount tmpfs on ${missing} failed: ENOENT: No such file or directory`);

    const badLower = await rejection(
      mountWithOptions(target, {
        type: 'overlay',
        source: 'overlay',
        options: [`lowerdir=${missing}:${dir}`],
      }),
    );
    expect(badLower).toMatchObject({ errno: 'ENOENT', path: target });

    await expect(mountWithOptions(target, { source: '/dev/null' })).rejects.toThrow(
      `mount on ${target}: no filesystem type given`,
    );
    await expect(
      mountWithOptions(target, { type: 'ext4', source: '/img', options: ['loop'] }),
    ).rejects.toThrow(/"loop" needs a helper program/);
    await expect(umount('')).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(isMountPoint(missing)).toBe(false);
  });

  it('makes fifos with exactly the mode asked for, naming the path on failure', () => {
    const fifo = path.join(dir, 'fifo');
    const previous = process.umask(0o077);
    try {
      mkfifo(fifo, 0o640);
    } finally {
      process.umask(previous);
    }
    const stat = statSync(fifo);
    expect(stat.isFIFO()).toBe(true);
    expect(stat.mode & 0o7777).toBe(0o640);
    expect(() => mkfifo(fifo)).toThrow(`mkfifo ${fifo} failed: EEXIST: File exists`);
    expect(() => mkfifo(fifo, 0o10000)).toThrow(SysError);
  });
});
