import { cleanCgroupPath, containerCgroupPath, v1CgroupDir, v2CgroupDir } from './cgroups-path';
import type { CgroupLayout } from './layout';

const layout: CgroupLayout = {
  kind: 'hybrid',
  root: '/sys/fs/cgroup',
  v1: { memory: { mountPoint: '/sys/fs/cgroup/memory', root: '/' } },
  unified: { mountPoint: '/sys/fs/cgroup/unified', root: '/', controllers: [] },
  own: { memory: '/process_api/abc', '': '/user.slice/s.scope' },
};

describe('cgroupsPath resolution', () => {
  it('cleans paths so they cannot climb out', () => {
    expect(cleanCgroupPath('/a/../../b/./c/')).toBe('/b/c');
    expect(cleanCgroupPath('../../a')).toBe('a');
    expect(cleanCgroupPath('a/../..')).toBe('.');
  });

  it('defaults to the container id, relative', () => {
    expect(containerCgroupPath('abc', undefined)).toBe('abc');
    expect(containerCgroupPath('abc', '')).toBe('abc');
    expect(containerCgroupPath('abc', '/x/y')).toBe('/x/y');
    expect(() => containerCgroupPath('a/b', undefined)).toThrow(/cannot name a cgroup/);
    expect(() => containerCgroupPath('abc', '/..')).toThrow(/linux\.cgroupsPath: .* the root cgroup/);
    expect(() => containerCgroupPath('abc', 'a/..')).toThrow(/the runtime's own cgroup/);
  });

  it('puts absolute paths at the mount, relative ones under our own cgroup (v1) or its parent (v2)', () => {
    expect(v1CgroupDir(layout, 'memory', '/berth/c')).toBe('/sys/fs/cgroup/memory/berth/c');
    expect(v1CgroupDir(layout, 'memory', 'c')).toBe('/sys/fs/cgroup/memory/process_api/abc/c');
    expect(v2CgroupDir(layout, '/berth/c')).toBe('/sys/fs/cgroup/unified/berth/c');
    expect(v2CgroupDir(layout, 'c')).toBe('/sys/fs/cgroup/unified/user.slice/c');
    expect(v2CgroupDir({ ...layout, own: { '': '/' } }, 'c')).toBe('/sys/fs/cgroup/unified/c');
  });
});
