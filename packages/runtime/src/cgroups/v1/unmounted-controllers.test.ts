// v1 controllers this build host does not mount (hugetlb lives in its cgroup2 mount; net_cls,
// net_prio and rdma are absent), checked against their interface files laid out in a temp dir.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rdmaController } from '../rdma';
import { v1Hugetlb } from './hugetlb';
import { v1NetCls } from './net_cls';
import { v1NetPrio } from './net_prio';

describe('v1 controllers without a mount here', () => {
  let dir: string;
  const files = {
    'hugetlb.2MB.limit_in_bytes': '9223372036854771712',
    'hugetlb.2MB.usage_in_bytes': '2097152',
    'hugetlb.2MB.max_usage_in_bytes': '4194304',
    'hugetlb.2MB.failcnt': '1',
    'net_cls.classid': '0',
    'net_prio.ifpriomap': 'lo 0',
    'rdma.max': '',
  };
  const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-v1-files-'));
    for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), `${value}\n`);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hugetlb writes limit_in_bytes per page size and reads usage', () => {
    const hugetlb = v1Hugetlb(['2MB']);
    hugetlb.set(dir, { hugepageLimits: [{ pageSize: '2MB', limit: 8 * 1024 * 1024 }] });
    expect(read('hugetlb.2MB.limit_in_bytes')).toBe(String(8 * 1024 * 1024));
    const stats = { hugetlb: {} } as Parameters<NonNullable<typeof hugetlb.stats>>[1];
    hugetlb.stats!(dir, stats);
    expect(stats.hugetlb['2MB']).toEqual({ usage: 2097152, max: 4194304, failcnt: 1 });
  });

  it('net_cls writes the class id and refuses one out of range', () => {
    v1NetCls.set(dir, { network: { classID: 0x100001 } });
    expect(read('net_cls.classid')).toBe(String(0x100001));
    expect(() => v1NetCls.check!({ network: { classID: 2 ** 32 } })).toThrow(
      'linux.resources.network.classID',
    );
  });

  it('net_prio writes one ifpriomap line per interface and checks names', () => {
    v1NetPrio.set(dir, { network: { priorities: [{ name: 'eth0', priority: 5 }] } });
    expect(read('net_prio.ifpriomap')).toBe('eth0 5');
    expect(() => v1NetPrio.check!({ network: { priorities: [{ name: 'a/b', priority: 1 }] } })).toThrow(
      'linux.resources.network.priorities[0].name',
    );
  });

  it('rdma writes the limits of each device', () => {
    rdmaController(1).set(dir, { rdma: { mlx4_0: { hcaHandles: 2, hcaObjects: 2000 } } });
    expect(read('rdma.max')).toBe('mlx4_0 hca_handle=2 hca_object=2000');
    expect(() => rdmaController(1).check!({ rdma: { mlx4_0: { hcaHandles: -1 } } })).toThrow(
      'linux.resources.rdma.mlx4_0.hcaHandles',
    );
  });
});
