import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CgroupInvalidArgumentError, CgroupUnsupportedError } from './errors';
import { UNLIMITED, formatInteger, parseCgroupNumber, parseFlatKeyed, writeCgroupFile } from './cgroupfs';

describe('cgroupfs files', () => {
  it('reads "max" as a limit that still fits a uint64 once printed as JSON', () => {
    expect(parseCgroupNumber('max', 'memory.max')).toBe(UNLIMITED);
    const printed = BigInt(JSON.stringify(UNLIMITED));
    expect(printed).toBeLessThanOrEqual(2n ** 64n - 1n);
    expect(printed).toBeGreaterThan(2n ** 63n);
  });

  it('formats integers without exponents and refuses fractions', () => {
    expect(formatInteger(2 ** 62, 'f')).toBe('4611686018427387904');
    expect(() => formatInteger(1.5, 'linux.resources.memory.limit')).toThrow(CgroupInvalidArgumentError);
  });

  it('parses flat keyed files', () => {
    expect(parseFlatKeyed('anon 4096\nfile 0\n')).toEqual(
      new Map([
        ['anon', 4096],
        ['file', 0],
      ]),
    );
  });

  it('names the field when the interface file does not exist', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-cgroupfs-'));
    try {
      expect(() => writeCgroupFile(dir, 'memory.max', '1', 'linux.resources.memory.limit')).toThrow(
        CgroupUnsupportedError,
      );
      expect(() => writeCgroupFile(dir, 'memory.max', '1', 'linux.resources.memory.limit')).toThrow(
        /^linux\.resources\.memory\.limit: the kernel has no memory\.max/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
