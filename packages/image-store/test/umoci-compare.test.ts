import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ImageStore } from '../src';
import { writeImageLayout } from './support/image-layout';
import { gzip, tarOf, type TarEntry } from './support/layers';
import { mountAll, unmountUnder } from './support/mounts';
import { listTree } from './support/tree';
import { sha256 } from './support/unpack';

// Needs root. The same three-layer image unpacked by umoci and by the store (then presented by
// an overlay view of its snapshots) must give identical trees.

const CAPABILITY = Buffer.from('0100000280200000000000000000000000000000', 'hex');
const OLD = new Date('2001-02-03T04:05:06Z');

const layer1: TarEntry[] = [
  { name: 'etc/', type: 'directory' },
  { name: 'etc/config', content: 'v1\n', pax: { 'SCHILY.xattr.user.origin': 'layer-1' } },
  { name: 'etc/shadow', content: 'root:*:1::::::\n', mode: 0o640, gid: 42 },
  { name: 'var/', type: 'directory', mode: 0o750, uid: 7, gid: 8, mtime: OLD },
  { name: 'var/cache/', type: 'directory', mode: 0o700 },
  { name: 'var/cache/old', content: 'old' },
  { name: 'opaque/', type: 'directory' },
  { name: 'opaque/a', content: 'a' },
  { name: 'opaque/b', content: 'b' },
  { name: 'gone-file', content: 'bye' },
  { name: 'gone-dir/', type: 'directory' },
  { name: 'gone-dir/child', content: 'child' },
  { name: 'bin/', type: 'directory' },
  { name: 'bin/tool', content: '#!/bin/sh\n', mode: 0o4755 },
  { name: 'bin/link-to-tool', type: 'symlink', linkname: 'tool' },
  { name: 'bin/hard', type: 'link', linkname: 'bin/tool' },
  { name: 'bin/ping', content: 'ping', mode: 0o755, pax: { 'SCHILY.xattr.security.capability': CAPABILITY } },
  { name: 'dev/', type: 'directory' },
  { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mode: 0o666 },
  { name: 'dev/sda', type: 'block-device', devmajor: 8, devminor: 0, mode: 0o660, gid: 6 },
  { name: 'run/', type: 'directory' },
  { name: 'run/fifo', type: 'fifo', mode: 0o600 },
  { name: 'tmp/', type: 'directory', mode: 0o1777 },
  { name: 'shared/', type: 'directory', mode: 0o2775, gid: 100 },
  { name: `long/${'x'.repeat(150)}`, content: 'long name' },
  { name: 'long/', type: 'directory' },
  { name: 'uni/', type: 'directory' },
  { name: 'uni/données-ファイル-🙂', content: 'unicode', uid: 1000, gid: 1000, mtime: OLD },
];

const layer2: TarEntry[] = [
  { name: '.wh.gone-file' },
  { name: '.wh.gone-dir' },
  { name: 'opaque/', type: 'directory' },
  { name: 'opaque/c', content: 'c' },
  { name: 'opaque/.wh..wh..opq' },
  { name: 'etc/config', content: 'v2\n' },
  { name: 'var/cache/new', content: 'new' }, // parents not declared: they keep layer 1's metadata
  { name: 'bin/link-to-tool', content: 'now a file' },
  { name: 'gone-dir/', type: 'directory' }, // re-created after its whiteout: the old child stays gone
  { name: 'gone-dir/fresh', content: 'fresh' },
];

const layer3: TarEntry[] = [
  { name: 'etc/.wh.shadow' },
  { name: 'opaque/.wh.c' },
  { name: 'later', content: 'third layer', mode: 0o700, uid: 5, gid: 5 },
];

describe('unpack matches umoci file by file', () => {
  let work: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'berth-umoci-'));
  });
  afterAll(() => {
    unmountUnder(work);
    rmSync(work, { recursive: true, force: true });
  });

  it('gives the same tree for an image with every tricky entry', async () => {
    const tars = [tarOf(layer1), tarOf(layer2), tarOf(layer3)];
    const layout = join(work, 'layout');
    writeImageLayout(
      layout,
      [
        {
          blob: gzip(tars[0]!),
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          diffId: sha256(tars[0]!),
        },
        // Debian's umoci 0.4.7 predates zstd layers; the unpack tests cover zstd against gzip.
        {
          blob: gzip(tars[1]!),
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          diffId: sha256(tars[1]!),
        },
        { blob: tars[2]!, mediaType: 'application/vnd.oci.image.layer.v1.tar', diffId: sha256(tars[2]!) },
      ],
      'tricky',
    );
    const bundle = join(work, 'bundle');
    execFileSync('umoci', ['unpack', '--image', `${layout}:tricky`, bundle], { stdio: 'pipe' });

    const { store } = await ImageStore.open({ root: join(work, 'store') });
    try {
      const [details] = await store.importLayoutDir(layout, { name: 'localhost/tricky:1' });
      const view = join(work, 'view');
      const unmount = mountAll(await store.snapshots.view('compare', details!.chainId), view);
      try {
        const ours = listTree(view, { directoryTimes: false });
        const theirs = listTree(join(bundle, 'rootfs'), { directoryTimes: false });
        expect(ours).toEqual(theirs);
        // And the things the comparison relies on are really there.
        expect(ours).toMatch(/\.\/var d 750 7:8/);
        expect(ours).toMatch(/security\.capability=0x0100000280200000/);
        expect(ours).not.toMatch(/gone-file|gone-dir\/child|opaque\/[abc]|etc\/shadow/);
      } finally {
        unmount();
      }
    } finally {
      await store.close();
    }
  });
});
