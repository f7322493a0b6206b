import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { copyInto } from './copy-into';
import { resolveInRoot } from './root-path';

const run = promisify(execFile);

describe('copyInto', () => {
  let dir: string;
  let root: string;
  let archive: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-engine-cp-'));
    root = join(dir, 'rootfs');
    await mkdir(join(root, 'etc'), { recursive: true });
    await mkdir(join(root, 'srv'), { recursive: true });
    await writeFile(join(root, 'etc/passwd'), 'container passwd\n');
    await symlink('/etc', join(root, 'srv/conf'));
    const src = join(dir, 'src');
    await mkdir(join(src, 'site/sub'), { recursive: true });
    await writeFile(join(src, 'site/index.html'), 'hi\n', { mode: 0o640 });
    await writeFile(join(src, 'site/sub/a.txt'), 'a\n');
    await symlink('index.html', join(src, 'site/home.html'));
    archive = join(dir, 'in.tar');
    await run('tar', ['-C', src, '-cf', archive, 'site']);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const resolve = (path: string) => resolveInRoot(root, path);

  it('extracts files, directories and links with their modes', async () => {
    await copyInto(archive, join(dir, 'staging'), resolve, { target: '/srv', noOverwriteDirNonDir: false });
    expect(await readFile(join(root, 'srv/site/index.html'), 'utf8')).toBe('hi\n');
    expect((await lstat(join(root, 'srv/site/index.html'))).mode & 0o777).toBe(0o640);
    expect(await readFile(join(root, 'srv/site/sub/a.txt'), 'utf8')).toBe('a\n');
    expect(await readlink(join(root, 'srv/site/home.html'))).toBe('index.html');
  });

  it('follows container links inside the container root only', async () => {
    await copyInto(archive, join(dir, 'staging'), resolve, {
      target: '/srv/conf',
      noOverwriteDirNonDir: false,
    });
    expect(await readFile(join(root, 'etc/site/index.html'), 'utf8')).toBe('hi\n');
  });

  it('refuses a missing target and type changes when asked to', async () => {
    await expect(
      copyInto(archive, join(dir, 's1'), resolve, { target: '/nope', noOverwriteDirNonDir: false }),
    ).rejects.toThrow('could not find the directory /nope in container');
    await writeFile(join(root, 'srv/site'), 'a file');
    await expect(
      copyInto(archive, join(dir, 's2'), resolve, { target: '/srv', noOverwriteDirNonDir: true }),
    ).rejects.toThrow('cannot overwrite non-directory /srv/site with directory');
  });
});
