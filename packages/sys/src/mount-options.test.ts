import { MS } from './mount-flags';
import { parseMountOptions, splitMountOptions } from './mount-options';
import { SysError } from './errors';

describe('parseMountOptions', () => {
  it('sorts words into flags, propagation and data as mount(8) does', () => {
    expect(parseMountOptions(['rbind', 'ro', 'nosuid', 'nodev', 'rprivate', 'size=64m', 'mode=755'])).toEqual(
      {
        flags: MS.BIND | MS.REC | MS.RDONLY | MS.NOSUID | MS.NODEV,
        propagation: [MS.PRIVATE | MS.REC],
        data: 'size=64m,mode=755',
      },
    );
  });

  it('lets a later word undo an earlier one', () => {
    expect(parseMountOptions(['ro', 'noexec', 'rw', 'exec']).flags).toBe(0);
    expect(parseMountOptions(['defaults', 'remount', 'ro']).flags).toBe(MS.REMOUNT | MS.RDONLY);
  });

  it('keeps overlay options whole and in order', () => {
    const options = ['workdir=/w', 'upperdir=/u', 'lowerdir=/a:/b'];
    expect(parseMountOptions(options)).toEqual({ flags: 0, propagation: [], data: options.join(',') });
  });

  it("drops fstab bookkeeping words and refuses those that need mount(8)'s helpers", () => {
    expect(
      parseMountOptions(['noauto', 'x-systemd.automount', '_netdev', 'nofail', 'user', 'uid=1000']),
    ).toEqual({
      flags: 0,
      propagation: [],
      data: 'uid=1000',
    });
    expect(() => parseMountOptions(['loop'])).toThrow(SysError);
    expect(() => parseMountOptions(['offset=512'])).toThrow(/"offset=512" needs a helper program/);
  });

  it('passes words named like inherited object properties to the filesystem', () => {
    expect(parseMountOptions(['toString', 'constructor'])).toEqual({
      flags: 0,
      propagation: [],
      data: 'toString,constructor',
    });
  });

  it('splits an -o string, keeping quoted commas', () => {
    expect(splitMountOptions('ro,,size=1m')).toEqual(['ro', 'size=1m']);
    expect(splitMountOptions('context="a,b",ro')).toEqual(['context="a,b"', 'ro']);
  });
});
