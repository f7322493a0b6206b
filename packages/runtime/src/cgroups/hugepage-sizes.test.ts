import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkHugepageLimits, hugepageSizeName, supportedHugepageSizes } from './hugepage-sizes';

describe('huge page sizes', () => {
  it('names sizes the way hugetlb files do', () => {
    expect(hugepageSizeName(64)).toBe('64KB');
    expect(hugepageSizeName(2048)).toBe('2MB');
    expect(hugepageSizeName(1048576)).toBe('1GB');
  });

  it('lists the sizes a sysfs directory offers', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-hugepages-'));
    try {
      fs.mkdirSync(path.join(dir, 'hugepages-2048kB'));
      fs.mkdirSync(path.join(dir, 'hugepages-1048576kB'));
      expect(supportedHugepageSizes(dir).sort()).toEqual(['1GB', '2MB']);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('refuses malformed and unavailable sizes, naming the entry', () => {
    expect(() => checkHugepageLimits([{ pageSize: '2M', limit: 1 }], ['2MB'])).toThrow(
      'hugepageLimits[0].pageSize',
    );
    expect(() => checkHugepageLimits([{ pageSize: '16GB', limit: 1 }], ['2MB'])).toThrow(
      /has no 16GB huge pages/,
    );
    expect(() => checkHugepageLimits([{ pageSize: '2MB', limit: -1 }], ['2MB'])).toThrow(
      'hugepageLimits[0].limit',
    );
  });
});
