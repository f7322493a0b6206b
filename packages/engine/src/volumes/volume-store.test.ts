import { chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMountPoint, MNT, umount } from '@berth/sys';
import { VolumeStore } from './volume-store';

describe('VolumeStore', () => {
  let root: string;
  let users: Record<string, string[]>;
  let store: VolumeStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-engine-volumes-'));
    users = {};
    store = new VolumeStore(join(root, 'volumes'), (name) => users[name] ?? []);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates named volumes idempotently and anonymous ones with random names', async () => {
    const first = await store.create({ name: 'data', labels: { app: 'web' } });
    const again = await store.create({ name: 'data', labels: { other: 'x' } });
    expect(again).toEqual(first);
    expect(first).toMatchObject({ name: 'data', anonymous: false, populated: false, labels: { app: 'web' } });
    const anonymous = await store.create({ name: '' });
    expect(anonymous.name).toMatch(/^[0-9a-f]{64}$/);
    expect(anonymous.anonymous).toBe(true);
    expect((await stat(store.dataPath('data'))).isDirectory()).toBe(true);
    expect((await readdir(join(root, 'volumes'))).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('rejects bad names, drivers and options', async () => {
    await expect(store.create({ name: 'a/b' })).rejects.toThrow('invalid characters');
    await expect(store.create({ name: 'x1', driver: 'nfs' })).rejects.toThrow(
      'volume driver "nfs" is not available',
    );
    await expect(store.create({ name: 'x1', driverOpts: { type: 'tmpfs' } })).rejects.toThrow(
      'missing required option "device"',
    );
    await expect(store.create({ name: 'x1', driverOpts: { device: 'tmpfs' } })).rejects.toThrow(
      'missing required option "type"',
    );
    await expect(
      store.create({ name: 'x1', driverOpts: { type: 'tmpfs', device: 'tmpfs', size: '1m' } }),
    ).rejects.toThrow('unknown key "size"');
    await expect(
      store.create({ name: 'x1', driverOpts: { type: 'none', device: 'rel/dir', o: 'bind' } }),
    ).rejects.toThrow("a bind volume's device must be an absolute path");
    expect(await readdir(join(root, 'volumes')).catch(() => [])).toEqual([]);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    'mounts a volume with driver options while used, and unmounts it (tmpfs data goes, like docker)',
    async () => {
      const record = await store.create({
        name: 'fast',
        driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0750' },
      });
      expect(record.options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0750' });
      const data = store.dataPath('fast');
      await store.mount('fast');
      await store.mount('fast'); // already mounted: once only
      const mounts = (await readFile('/proc/self/mounts', 'utf8'))
        .split('\n')
        .filter((l) => l.includes(` ${data} `));
      expect(mounts).toHaveLength(1);
      expect(mounts[0]).toMatch(/^tmpfs \S+ tmpfs rw,.*size=1024k.*mode=750/);
      await writeFile(join(data, 'scratch'), 'x');
      await store.unmount('fast');
      expect(await readdir(data)).toEqual([]);
      await store.mount('fast');
      await store.remove('fast'); // unmounts first
      expect(await readFile('/proc/self/mounts', 'utf8')).not.toContain(` ${data} `);
      await expect(store.get('fast')).rejects.toThrow('no such volume');
    },
  );

  (process.getuid?.() === 0 ? it : it.skip)(
    'mounts a read-only bind volume, and names the volume and its options when a mount fails',
    async () => {
      const source = join(root, 'source');
      await mkdir(source);
      await writeFile(join(source, 'file'), 'kept');
      await store.create({ name: 'shelf', driverOpts: { type: 'none', device: source, o: 'bind,ro' } });
      await store.create({ name: 'bad', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=lots' } });
      const data = store.dataPath('shelf');
      try {
        await store.mount('shelf');
        expect(await readFile(join(data, 'file'), 'utf8')).toBe('kept');
        await expect(writeFile(join(data, 'new'), 'x')).rejects.toMatchObject({ code: 'EROFS' });
        await store.unmount('shelf');
        expect(isMountPoint(data)).toBe(false);
        await expect(store.mount('bad')).rejects.toThrow(
          `mounting volume bad (type=tmpfs device=tmpfs o=size=lots) failed: mount tmpfs on ${store.dataPath('bad')} failed: EINVAL: Invalid argument`,
        );
        expect(isMountPoint(store.dataPath('bad'))).toBe(false);
      } finally {
        // rm of the temp dir must not reach through a mount left by a failed expectation.
        for (const point of [data, store.dataPath('bad')])
          if (isMountPoint(point)) await umount(point, MNT.DETACH);
      }
    },
  );

  it('lists with filters', async () => {
    await store.create({ name: 'alpha', labels: { tier: 'db' } });
    await store.create({ name: 'beta' });
    users.beta = ['c1'];
    expect((await store.list()).map((v) => v.name)).toEqual(['alpha', 'beta']);
    expect((await store.list([{ key: 'name', value: 'alp' }])).map((v) => v.name)).toEqual(['alpha']);
    expect((await store.list([{ key: 'label', value: 'tier=db' }])).map((v) => v.name)).toEqual(['alpha']);
    expect((await store.list([{ key: 'dangling', value: 'true' }])).map((v) => v.name)).toEqual(['alpha']);
    await expect(store.list([{ key: 'color', value: 'x' }])).rejects.toThrow("invalid filter 'color'");
  });

  it('refuses to remove a volume in use and removes it once free', async () => {
    await store.create({ name: 'data' });
    users.data = ['f'.repeat(64)];
    await expect(store.remove('data')).rejects.toThrow('volume is in use: data (used by ffffffffffff)');
    users.data = [];
    await store.remove('data');
    await expect(store.get('data')).rejects.toThrow('no such volume: data');
    await expect(store.remove('data')).rejects.toThrow('no such volume');
    await store.remove('data', { force: true });
  });

  it('prunes unused anonymous volumes, and named ones with all', async () => {
    const anon = await store.create({ name: '' });
    await writeFile(join(store.dataPath(anon.name), 'f'), 'hello');
    const busy = await store.create({ name: '' });
    users[busy.name] = ['c'];
    await store.create({ name: 'named' });
    expect(await store.prune()).toEqual({ removed: [anon.name], bytes: 5 });
    expect((await store.prune({ all: true })).removed).toEqual(['named']);
    expect((await store.list()).map((v) => v.name)).toEqual([busy.name]);
  });

  it('copies image content into an empty volume once, keeping owners and modes', async () => {
    const image = join(root, 'rootfs', 'var', 'www');
    await mkdir(join(image, 'sub'), { recursive: true });
    await writeFile(join(image, 'index.html'), '<h1>hi</h1>', { mode: 0o640 });
    await chown(join(image, 'index.html'), 33, 33);
    await store.create({ name: 'site' });
    await store.populate('site', image);
    const copied = join(store.dataPath('site'), 'index.html');
    expect(await readFile(copied, 'utf8')).toBe('<h1>hi</h1>');
    expect(await stat(copied)).toMatchObject({ uid: 33, gid: 33, mode: 0o100640 });
    expect((await stat(join(store.dataPath('site'), 'sub'))).isDirectory()).toBe(true);
    // Later mounts never copy again, even into an emptied volume.
    await rm(copied);
    await store.populate('site', image);
    expect(await readdir(store.dataPath('site'))).toEqual(['sub']);
    expect((await store.get('site')).populated).toBe(true);
  });

  it('leaves a volume that already has data alone, and tolerates missing sources', async () => {
    await store.create({ name: 'kept' });
    await writeFile(join(store.dataPath('kept'), 'mine'), 'x');
    const image = join(root, 'img');
    await mkdir(image);
    await writeFile(join(image, 'theirs'), 'y');
    await store.populate('kept', image);
    expect(await readdir(store.dataPath('kept'))).toEqual(['mine']);
    await store.create({ name: 'empty' });
    await store.populate('empty', join(root, 'missing'));
    expect(await store.size('empty')).toBe(0);
  });
});
