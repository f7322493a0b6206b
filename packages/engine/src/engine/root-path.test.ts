import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveInRoot } from './root-path';

describe('resolveInRoot', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'berth-engine-root-'));
    await mkdir(join(root, 'srv/www'), { recursive: true });
    await symlink('/etc', join(root, 'escape'));
    await symlink('../srv', join(root, 'rel'));
    await symlink('loop', join(root, 'loop'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('keeps absolute links inside the root', async () => {
    expect(await resolveInRoot(root, '/escape/passwd')).toBe(join(root, 'etc/passwd'));
    expect(await resolveInRoot(root, '/../../etc')).toBe(join(root, 'etc'));
  });

  it('follows relative links and leaves the last component alone', async () => {
    expect(await resolveInRoot(root, '/rel/www')).toBe(join(root, 'srv/www'));
    expect(await resolveInRoot(root, '/escape')).toBe(join(root, 'escape'));
  });

  it('stops link loops and refuses relative paths', async () => {
    await expect(resolveInRoot(root, '/loop/x')).rejects.toThrow('too many levels');
    await expect(resolveInRoot(root, 'etc')).rejects.toThrow('must be absolute');
  });
});
