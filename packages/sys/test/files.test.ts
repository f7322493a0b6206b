import { lstatSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { lgetxattr, llistxattr, lsetxattr, mknod, SysError } from '../src';
import { makeTempDir, openFds, removeTempDir } from './helpers';

// Real nodes and xattrs in a temp dir on the host filesystem; mknod and trusted.*/security.*
// xattrs need root, as the image store has when it unpacks layers.
describe('mknod and xattrs', () => {
  let dir: string;
  let fdsBefore: number[];

  beforeEach(() => {
    fdsBefore = openFds();
    dir = makeTempDir();
  });

  afterEach(() => {
    removeTempDir(dir);
    expect(openFds()).toEqual(fdsBefore);
  });

  function thrown(call: () => unknown): SysError {
    try {
      call();
    } catch (error) {
      expect(error).toBeInstanceOf(SysError);
      return error as SysError;
    }
    throw new Error('expected an error');
  }

  it('makes character and block devices with exactly the mode, whatever the umask', () => {
    const nullDevice = path.join(dir, 'null');
    const block = path.join(dir, 'loop9');
    const previous = process.umask(0o077);
    try {
      mknod(nullDevice, 'c', 0o666, 1, 3);
      mknod(block, 'b', 0o640, 7, 9);
    } finally {
      process.umask(previous);
    }
    const stat = statSync(nullDevice);
    expect(stat.isCharacterDevice()).toBe(true);
    expect(stat.mode & 0o7777).toBe(0o666);
    expect([stat.rdev >> 8, stat.rdev & 0xff]).toEqual([1, 3]);
    const blockStat = statSync(block);
    expect(blockStat.isBlockDevice()).toBe(true);
    expect(blockStat.mode & 0o7777).toBe(0o640);
    expect([blockStat.rdev >> 8, blockStat.rdev & 0xff]).toEqual([7, 9]);
  });

  it('names the path when mknod fails and checks its arguments', () => {
    const node = path.join(dir, 'null');
    mknod(node, 'c', 0o600, 1, 3);
    const exists = thrown(() => mknod(node, 'c', 0o600, 1, 3));
    expect(exists.message).toBe(`mknod ${node} failed: EEXIST: File exists`);
    expect(exists.code).toBe('AlreadyExists');
    expect(exists.path).toBe(node);
    expect(thrown(() => mknod(path.join(dir, 'missing', 'x'), 'b', 0o600, 7, 0)).errno).toBe('ENOENT');
    expect(thrown(() => mknod(node, 'p' as 'c', 0o600, 1, 3)).message).toBe(
      'type must be "c" or "b", got "p"',
    );
    expect(thrown(() => mknod(node, 'c', 0o600, 4096, 0)).code).toBe('InvalidArgument');
    expect(thrown(() => mknod(node, 'c', 0o10000, 1, 3)).code).toBe('InvalidArgument');
  });

  it('sets user.* and trusted.* xattrs and reads them back, bytes exact', () => {
    const file = path.join(dir, 'file');
    writeFileSync(file, 'x');
    const binary = Buffer.from([0x00, 0x01, 0x80, 0xff, 0x00]);
    lsetxattr(file, 'user.note', binary);
    lsetxattr(file, 'user.empty', Buffer.alloc(0));
    lsetxattr(file, 'trusted.overlay.opaque', Buffer.from('y'));
    expect(lgetxattr(file, 'user.note')).toEqual(binary);
    expect(lgetxattr(file, 'user.empty')).toEqual(Buffer.alloc(0));
    expect(lgetxattr(file, 'trusted.overlay.opaque')).toEqual(Buffer.from('y'));
    expect(lgetxattr(file, 'user.absent')).toBeNull();
    expect(llistxattr(file).sort()).toEqual(['trusted.overlay.opaque', 'user.empty', 'user.note']);
    // A second set replaces the value.
    lsetxattr(file, 'user.note', Buffer.from('two'));
    expect(lgetxattr(file, 'user.note')).toEqual(Buffer.from('two'));
  });

  it('keeps security.capability bytes exact', () => {
    const file = path.join(dir, 'ping');
    writeFileSync(file, '');
    // VFS_CAP_REVISION_2 | effective, permitted = cap_net_bind_service (bit 10).
    const capability = Buffer.from('0100000200040000000000000000000000000000', 'hex');
    lsetxattr(file, 'security.capability', capability);
    expect(lgetxattr(file, 'security.capability')).toEqual(capability);
  });

  it('sets an xattr on a symlink itself, not on its target', () => {
    const target = path.join(dir, 'target');
    const link = path.join(dir, 'link');
    writeFileSync(target, '');
    symlinkSync(target, link);
    lsetxattr(link, 'trusted.mark', Buffer.from('link'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lgetxattr(link, 'trusted.mark')).toEqual(Buffer.from('link'));
    expect(lgetxattr(target, 'trusted.mark')).toBeNull();
    expect(llistxattr(target)).not.toContain('trusted.mark');
  });

  it('names the path and the xattr when a call fails', () => {
    const missing = path.join(dir, 'missing');
    const error = thrown(() => lsetxattr(missing, 'user.a', Buffer.from('1')));
    expect(error.message).toBe(`lsetxattr user.a on ${missing} failed: ENOENT: No such file or directory`);
    expect(error.code).toBe('NotFound');
    expect(error.path).toBe(missing);
    expect(thrown(() => lgetxattr(missing, 'user.a')).message).toBe(
      `lgetxattr user.a on ${missing} failed: ENOENT: No such file or directory`,
    );
    expect(thrown(() => llistxattr(missing)).message).toBe(
      `llistxattr ${missing} failed: ENOENT: No such file or directory`,
    );
    const file = path.join(dir, 'file');
    writeFileSync(file, '');
    // A name outside the known namespaces is refused by the kernel.
    expect(thrown(() => lsetxattr(file, 'bogus.a', Buffer.from('1'))).errno).toBe('EOPNOTSUPP');
    expect(thrown(() => lsetxattr(file, '', Buffer.from('1'))).code).toBe('InvalidArgument');
    expect(thrown(() => lsetxattr(file, 'user.a', 'text' as unknown as Buffer)).code).toBe('InvalidArgument');
    expect(thrown(() => lsetxattr(file, 'user.big', Buffer.alloc(65537))).code).toBe('InvalidArgument');
  });
});
