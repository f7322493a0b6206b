import { lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { makeFifo } from './special-files';

describe('makeFifo', () => {
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
});
