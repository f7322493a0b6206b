import * as os from 'node:os';
import * as path from 'node:path';
import { CgroupInvalidArgumentError, CgroupUnsupportedError } from './errors';
import { parseSystemdCgroupPath, rejectSystemdDriver } from './systemd';

describe('systemd cgroupsPath', () => {
  it('parses slice:prefix:name with runc-like defaults', () => {
    expect(parseSystemdCgroupPath('id', 'system.slice:docker:abc')).toEqual({
      slice: 'system.slice',
      prefix: 'docker',
      name: 'abc',
    });
    expect(parseSystemdCgroupPath('id', ':berth:abc')).toEqual({
      slice: 'system.slice',
      prefix: 'berth',
      name: 'abc',
    });
    expect(parseSystemdCgroupPath('id', undefined)).toEqual({
      slice: 'system.slice',
      prefix: 'berth',
      name: 'id',
    });
  });

  it('refuses other shapes, naming the field', () => {
    expect(() => parseSystemdCgroupPath('id', '/a/b')).toThrow(CgroupInvalidArgumentError);
    expect(() => parseSystemdCgroupPath('id', 'system:x:y')).toThrow(/not a systemd slice name/);
    expect(() => parseSystemdCgroupPath('id', 'a.slice:x:')).toThrow(/linux\.cgroupsPath/);
  });

  it('is a precondition error when systemd is not running', () => {
    const missing = path.join(os.tmpdir(), 'berth-no-such-systemd-dir');
    expect(() => rejectSystemdDriver('id', 'a.slice:x:y', missing)).toThrow(CgroupUnsupportedError);
    expect(() => rejectSystemdDriver('id', 'a.slice:x:y', missing)).toThrow(/systemd is not running/);
  });
});
