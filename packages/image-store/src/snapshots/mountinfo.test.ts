import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { mountsUsing } from './mountinfo';

describe('mountsUsing', () => {
  it('finds mounts below the directory and overlays built from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-mountinfo-'));
    const file = join(dir, 'mountinfo');
    writeFileSync(
      file,
      [
        '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
        '90 22 0:50 / /run/ctr/rootfs rw,relatime - overlay overlay rw,lowerdir=/var/lib/berth/images/snapshots/2/fs:/var/lib/berth/images/snapshots/1/fs,upperdir=/var/lib/berth/images/snapshots/3/fs,workdir=/var/lib/berth/images/snapshots/3/work',
        '91 22 0:51 / /var/lib/berth/images/snapshots/4/fs/mnt\\040point rw - tmpfs tmpfs rw',
        '92 22 0:52 / /var/lib/berth/images-other rw - tmpfs tmpfs rw',
        '',
      ].join('\n'),
    );
    try {
      const found = await mountsUsing('/var/lib/berth/images/snapshots', file);
      expect(found).toEqual([
        {
          mountPoint: '/run/ctr/rootfs',
          fsType: 'overlay',
          paths: [
            '/var/lib/berth/images/snapshots/2/fs',
            '/var/lib/berth/images/snapshots/1/fs',
            '/var/lib/berth/images/snapshots/3/fs',
            '/var/lib/berth/images/snapshots/3/work',
          ],
        },
        {
          mountPoint: '/var/lib/berth/images/snapshots/4/fs/mnt point',
          fsType: 'tmpfs',
          paths: ['/var/lib/berth/images/snapshots/4/fs/mnt point'],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds overlays whose layers were added one by one (lowerdir+=, datadir+=)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-mountinfo-'));
    const file = join(dir, 'mountinfo');
    const snap = '/var/lib/berth/images/snapshots';
    writeFileSync(
      file,
      `93 22 0:53 / /run/ctr/big rw,relatime - overlay overlay rw,lowerdir+=${snap}/7/fs,lowerdir+=/elsewhere/a:b,lowerdir+=${snap}/6/f\\054s,datadir+=${snap}/5/fs,upperdir=/up,workdir=/work,uuid=on\n`,
    );
    try {
      expect(await mountsUsing(snap, file)).toEqual([
        {
          mountPoint: '/run/ctr/big',
          fsType: 'overlay',
          paths: [`${snap}/7/fs`, `${snap}/6/f,s`, `${snap}/5/fs`],
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
