import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engine } from '@berth/api';
import type { ContainerRecord } from '../state/container-record';
import { hostPathOf, statPath } from './container-files';

describe('statPath', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-container-files-'));
    await mkdir(join(dir, 'd'), { mode: 0o750 });
    await writeFile(join(dir, 'f'), 'four');
    await symlink('f', join(dir, 'l'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("gives Go's mode bits as an unsigned number the PathStat message encodes", async () => {
    const directory = await statPath(join(dir, 'd'), '/d');
    expect(directory.mode).toBe(0x80000000 + 0o750);
    const encoded = engine.v1.PathStat.encode(
      engine.v1.PathStat.fromPartial({ mode: directory.mode }),
    ).finish();
    expect(engine.v1.PathStat.decode(encoded).mode).toBe(0x80000000 + 0o750);
    expect(await statPath(join(dir, 'f'), '/f')).toMatchObject({ name: 'f', size: 4, linkTarget: '' });
    expect(await statPath(join(dir, 'l'), '/l')).toMatchObject({ mode: 0x08000000 + 0o777, linkTarget: 'f' });
  });

  it('is NotFound for a missing path', async () => {
    await expect(statPath(join(dir, 'none'), '/none')).rejects.toThrow(
      'could not find the file /none in container',
    );
  });
});

describe('hostPathOf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-host-path-'));
    await mkdir(join(dir, 'bundle/rootfs/etc'), { recursive: true });
    await writeFile(join(dir, 'hostname'), 'abc\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("maps the engine's /etc files to the container's directory, the rest into the rootfs", async () => {
    const record = { bundle: join(dir, 'bundle'), mounts: [] } as unknown as ContainerRecord;
    const rootfs = join(dir, 'bundle/rootfs');
    expect(await hostPathOf(record, rootfs, '/etc/hostname')).toBe(join(dir, 'hostname'));
    expect(await hostPathOf(record, rootfs, '/etc/./hostname')).toBe(join(dir, 'hostname'));
    // Not written for this container (it shares another's network): the image's file.
    expect(await hostPathOf(record, rootfs, '/etc/hosts')).toBe(join(rootfs, 'etc/hosts'));
    expect(await hostPathOf(record, rootfs, '/etc/passwd')).toBe(join(rootfs, 'etc/passwd'));
  });
});
