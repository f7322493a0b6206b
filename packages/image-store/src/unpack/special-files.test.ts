import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lgetxattr } from '@berth/sys';

import { makeDeviceNode, makeFifo, setXattr } from './special-files';

describe('special files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-special-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a fifo with mode 0600 whatever the umask', () => {
    const old = process.umask(0o077);
    try {
      makeFifo(join(dir, 'pipe'), 'run/pipe');
    } finally {
      process.umask(old);
    }
    const stat = lstatSync(join(dir, 'pipe'));
    expect(stat.isFIFO()).toBe(true);
    expect(stat.mode & 0o7777).toBe(0o600);
  });

  it('names the entry when the fifo cannot be made', () => {
    expect(() => makeFifo(join(dir, 'missing', 'pipe'), 'run/missing/pipe')).toThrow(
      expect.objectContaining({
        reason: 'INVALID_LAYER',
        message: expect.stringMatching(/^invalid layer: entry "run\/missing\/pipe": .*No such file/),
      }),
    );
  });

  it('makes a device node 0600 with its numbers, and names the entry when it cannot', () => {
    makeDeviceNode(join(dir, 'null'), 'c', 1, 3, 'dev/null');
    const stat = lstatSync(join(dir, 'null'));
    expect(stat.isCharacterDevice()).toBe(true);
    expect(stat.mode & 0o7777).toBe(0o600);
    expect([stat.rdev >> 8, stat.rdev & 0xff]).toEqual([1, 3]);
    expect(() => makeDeviceNode(join(dir, 'null'), 'c', 1, 3, 'dev/null')).toThrow(
      expect.objectContaining({
        reason: 'INVALID_LAYER',
        message: `invalid layer: entry "dev/null": mknod ${join(dir, 'null')} failed: EEXIST: File exists`,
      }),
    );
  });

  it('sets an xattr bytes exact, and names the entry and the xattr when it cannot', () => {
    makeFifo(join(dir, 'pipe'), 'run/pipe');
    setXattr(join(dir, 'pipe'), 'trusted.note', Buffer.from([0, 0xff]), 'run/pipe');
    expect(lgetxattr(join(dir, 'pipe'), 'trusted.note')).toEqual(Buffer.from([0, 0xff]));
    expect(() => setXattr(join(dir, 'gone'), 'user.a', Buffer.alloc(0), 'gone')).toThrow(
      expect.objectContaining({
        reason: 'INVALID_LAYER',
        message: expect.stringMatching(
          /^invalid layer: entry "gone": lsetxattr user\.a on .*gone failed: ENOENT/,
        ),
      }),
    );
  });
});
