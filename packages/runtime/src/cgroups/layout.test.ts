import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectCgroupLayout, ownCgroupDir } from './layout';
import { parseCgroupMounts, parseProcCgroup } from './mountinfo';

// This project's build host, as /proc/self/mountinfo shows it.
const HYBRID_MOUNTINFO = `31 23 0:28 / ROOT rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / ROOT/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / ROOT/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / ROOT/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / ROOT/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / ROOT/unified rw,relatime - cgroup2 cgroup2 rw
`;

describe('parseCgroupMounts', () => {
  it('reads v1 controllers from the super options and keeps named hierarchies', () => {
    const mounts = parseCgroupMounts(
      '30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:12 - cgroup cgroup rw,cpu,cpuacct\n' +
        '40 25 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n',
    );
    expect(mounts).toEqual([
      {
        mountPoint: '/sys/fs/cgroup/cpu,cpuacct',
        root: '/',
        fsType: 'cgroup',
        controllers: ['cpu', 'cpuacct'],
      },
      { mountPoint: '/sys/fs/cgroup/systemd', root: '/', fsType: 'cgroup', controllers: ['name=systemd'] },
    ]);
  });

  it('decodes octal escapes and ignores other filesystems', () => {
    const mounts = parseCgroupMounts(
      '1 0 0:1 /a\\040b /mnt/with\\040space rw - cgroup2 cgroup2 rw\n2 0 0:2 / /x rw - ext4 /dev/sda rw\n',
    );
    expect(mounts).toEqual([
      { mountPoint: '/mnt/with space', root: '/a b', fsType: 'cgroup2', controllers: [] },
    ]);
  });
});

describe('parseProcCgroup', () => {
  it('maps each co-mounted controller and keys v2 as ""', () => {
    const paths = parseProcCgroup('4:cpu,cpuacct:/a\n1:name=systemd:/b\n0::/c\n');
    expect(Object.fromEntries(paths)).toEqual({ cpu: '/a', cpuacct: '/a', 'name=systemd': '/b', '': '/c' });
  });
});

describe('detectCgroupLayout', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-layout-'));
    fs.mkdirSync(path.join(root, 'unified'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const detect = (mountinfo: string, controllers: string): ReturnType<typeof detectCgroupLayout> => {
    fs.writeFileSync(path.join(root, 'unified', 'cgroup.controllers'), controllers);
    return detectCgroupLayout(root, {
      mountinfo: mountinfo.replaceAll('ROOT', root),
      procCgroup: '4:memory:/m\n0::/\n',
    });
  };

  it('calls v1 controllers plus a cgroup2 mount hybrid, and reads what cgroup2 holds', () => {
    const layout = detect(HYBRID_MOUNTINFO, 'hugetlb\n');
    expect(layout.kind).toBe('hybrid');
    expect(Object.keys(layout.v1).sort()).toEqual(['cpu', 'cpuacct', 'memory', 'name=systemd']);
    expect(layout.unified).toEqual({
      mountPoint: path.join(root, 'unified'),
      root: '/',
      controllers: ['hugetlb'],
    });
    expect(layout.own).toEqual({ memory: '/m', '': '/' });
  });

  it('calls v1 without cgroup2 "v1", and cgroup2 alone "v2"', () => {
    const v1Only = HYBRID_MOUNTINFO.split('\n')
      .filter((line) => !line.includes('cgroup2'))
      .join('\n');
    expect(detect(v1Only, '').kind).toBe('v1');
    const v2 = `41 31 0:38 / ${root} rw - cgroup2 cgroup2 rw\n`;
    fs.writeFileSync(path.join(root, 'cgroup.controllers'), 'cpu memory\n');
    expect(detectCgroupLayout(root, { mountinfo: v2, procCgroup: '0::/\n' })).toMatchObject({
      kind: 'v2',
      unified: { controllers: ['cpu', 'memory'] },
    });
  });

  it('ignores cgroup mounts outside the root and fails when nothing is mounted under it', () => {
    expect(() =>
      detectCgroupLayout(root, {
        mountinfo: '1 0 0:1 / /elsewhere rw - cgroup cgroup rw,memory\n',
        procCgroup: '',
      }),
    ).toThrow(/no cgroup hierarchy is mounted under/);
  });
});

describe('ownCgroupDir', () => {
  it('joins the own path relative to what the mount shows', () => {
    expect(ownCgroupDir({ mountPoint: '/sys/fs/cgroup/memory', root: '/' }, '/a/b')).toBe(
      '/sys/fs/cgroup/memory/a/b',
    );
    expect(ownCgroupDir({ mountPoint: '/sys/fs/cgroup/memory', root: '/a' }, '/a/b')).toBe(
      '/sys/fs/cgroup/memory/b',
    );
    expect(ownCgroupDir({ mountPoint: '/sys/fs/cgroup/memory', root: '/x' }, '/a/b')).toBe(
      '/sys/fs/cgroup/memory',
    );
  });
});
