import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { checksumSources } from './checksum';
import { copyIntoRoot, parseChmod } from './copy';
import { extractArchive } from './archive';
import { fetchUrl } from './fetch';
import { resolvePathSources } from './sources';
import { resolveChown, resolveProcessUser } from './users';

let dir: string;
let rootfs: string;
let context: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'berth-builder-files-'));
  rootfs = join(dir, 'rootfs');
  context = join(dir, 'context');
  await mkdir(join(rootfs, 'etc'), { recursive: true });
  await writeFile(
    join(rootfs, 'etc/passwd'),
    'root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n',
  );
  await writeFile(join(rootfs, 'etc/group'), 'root:x:0:\napp:x:1001:\nwheel:x:10:app\n');
  await mkdir(join(context, 'dir/sub'), { recursive: true });
  await writeFile(join(context, 'one.txt'), '1');
  await writeFile(join(context, 'two.txt'), '2');
  await writeFile(join(context, 'dir/sub/deep.txt'), 'deep');
  await symlink('../one.txt', join(context, 'dir/link'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('users', () => {
  it('resolves USER like runc and --chown like docker', async () => {
    expect(await resolveProcessUser(rootfs, 'app')).toEqual({ uid: 1000, gid: 1001, additionalGids: [10] });
    expect(await resolveProcessUser(rootfs, '4242')).toEqual({ uid: 4242, gid: 0, additionalGids: [] });
    expect(await resolveProcessUser(rootfs, 'app:wheel')).toEqual({ uid: 1000, gid: 10, additionalGids: [] });
    expect(await resolveProcessUser(rootfs, undefined)).toEqual({ uid: 0, gid: 0, additionalGids: [] });
    await expect(resolveProcessUser(rootfs, 'ghost')).rejects.toThrow('unable to find user ghost');
    expect(await resolveChown(rootfs, 'app')).toEqual({ uid: 1000, gid: 1000 });
    expect(await resolveChown(rootfs, '7:app')).toEqual({ uid: 7, gid: 1001 });
    await expect(resolveChown(rootfs, 'app:nogroup')).rejects.toThrow('unable to find group nogroup');
  });
});

describe('sources and copy', () => {
  it('copies a directory source by content, a file into a directory, globs to a directory', async () => {
    await copyIntoRoot(rootfs, await resolvePathSources(context, ['dir']), {
      dest: '/app',
      destIsDirectory: false,
      extractArchives: false,
    });
    expect(await readFile(join(rootfs, 'app/sub/deep.txt'), 'utf8')).toBe('deep');
    expect(await readlink(join(rootfs, 'app/link'))).toBe('../one.txt');

    await copyIntoRoot(rootfs, await resolvePathSources(context, ['*.txt']), {
      dest: '/files/',
      destIsDirectory: true,
      owner: { uid: 1000, gid: 1001 },
      chmod: parseChmod('0640'),
      extractArchives: false,
    });
    const copied = await stat(join(rootfs, 'files/two.txt'));
    expect([copied.uid, copied.gid, copied.mode & 0o777]).toEqual([1000, 1001, 0o640]);
    expect((await stat(join(rootfs, 'files'))).uid).toBe(1000);

    await copyIntoRoot(rootfs, await resolvePathSources(context, ['one.txt']), {
      dest: '/renamed',
      destIsDirectory: false,
      extractArchives: false,
    });
    expect(await readFile(join(rootfs, 'renamed'), 'utf8')).toBe('1');
  });

  it('requires a directory destination for several sources', async () => {
    const sources = await resolvePathSources(context, ['one.txt', 'two.txt']);
    await expect(
      copyIntoRoot(rootfs, sources, { dest: '/single', destIsDirectory: false, extractArchives: false }),
    ).rejects.toThrow('the destination must be a directory and end with a /');
  });

  it('never writes through an image symlink onto the host', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await symlink(outside, join(rootfs, 'escape'));
    await symlink('../../../../../..' + outside, join(rootfs, 'climb'));
    await copyIntoRoot(rootfs, await resolvePathSources(context, ['one.txt']), {
      dest: '/escape/',
      destIsDirectory: true,
      extractArchives: false,
    });
    await copyIntoRoot(rootfs, await resolvePathSources(context, ['two.txt']), {
      dest: '/climb/',
      destIsDirectory: true,
      extractArchives: false,
    });
    await expect(lstat(join(outside, 'one.txt'))).rejects.toThrow('ENOENT');
    await expect(lstat(join(outside, 'two.txt'))).rejects.toThrow('ENOENT');
    expect(await readFile(join(rootfs, outside, 'one.txt'), 'utf8')).toBe('1');
  });

  it('refuses sources outside the context and names missing ones', async () => {
    await expect(resolvePathSources(context, ['../secret'])).rejects.toThrow(
      'forbidden path outside the build context',
    );
    await expect(resolvePathSources(context, ['nope.txt'])).rejects.toThrow('"/nope.txt": not found');
    await expect(resolvePathSources(context, ['*.none'])).rejects.toThrow('no source files were specified');
  });

  it('checksums content and modes but not times', async () => {
    const first = await checksumSources(await resolvePathSources(context, ['dir']));
    execFileSync('touch', ['-d', '2001-01-01', join(context, 'dir/sub/deep.txt')]);
    expect(await checksumSources(await resolvePathSources(context, ['dir']))).toBe(first);
    await writeFile(join(context, 'dir/sub/deep.txt'), 'DEEP');
    expect(await checksumSources(await resolvePathSources(context, ['dir']))).not.toBe(first);
  });
});

describe('ADD archives and URLs', () => {
  it('unpacks gzip, bzip2 and xz tarballs, and leaves other files alone', async () => {
    for (const [flag, name] of [
      ['-z', 'a.tgz'],
      ['-j', 'a.tbz'],
      ['-J', 'a.txz'],
    ]) {
      execFileSync('tar', ['-c', flag, '-f', join(dir, name), '-C', context, 'one.txt', 'dir']);
      expect(await extractArchive(join(dir, name), rootfs, `/x/${name}`)).toBe(true);
      expect(await readFile(join(rootfs, 'x', name, 'dir/sub/deep.txt'), 'utf8')).toBe('deep');
    }
    expect(await extractArchive(join(context, 'one.txt'), rootfs, '/y')).toBe(false);
  });

  it('refuses archive entries that climb out of the destination', async () => {
    execFileSync('tar', [
      '-c',
      '-f',
      join(dir, 'evil.tar'),
      '-P',
      '--transform',
      's,^,../../,',
      '-C',
      context,
      'one.txt',
    ]);
    await expect(extractArchive(join(dir, 'evil.tar'), rootfs, '/z')).rejects.toThrow(
      'points outside the destination',
    );
  });

  describe('from a server on 127.0.0.1', () => {
    let server: Server;
    let base: string;
    beforeEach(async () => {
      server = createServer((request, response) => {
        if (request.url === '/files/tool.sh') {
          response.setHeader('Last-Modified', 'Wed, 21 Oct 2015 07:28:00 GMT');
          response.end('#!/bin/sh\necho tool\n');
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('downloads with name, time and checksum, and rejects a wrong checksum or a 404', async () => {
      const expected = `sha256:${createHash('sha256').update('#!/bin/sh\necho tool\n').digest('hex')}`;
      const fetched = await fetchUrl(`${base}/files/tool.sh`, join(dir, 'download'), expected);
      expect(fetched).toMatchObject({ name: 'tool.sh', digest: expected });
      expect(fetched.mtime.toISOString()).toBe('2015-10-21T07:28:00.000Z');
      await expect(
        fetchUrl(`${base}/files/tool.sh`, join(dir, 'd2'), `sha256:${'0'.repeat(64)}`),
      ).rejects.toThrow('digest mismatch');
      await expect(fetchUrl(`${base}/missing`, join(dir, 'd3'))).rejects.toThrow(
        'invalid response status 404',
      );
    });
  });
});
