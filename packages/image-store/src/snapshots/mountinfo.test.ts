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
});
