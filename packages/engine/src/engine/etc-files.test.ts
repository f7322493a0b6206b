import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostNameservers, hostsFile, resolvConf } from './etc-files';

const inputs = {
  hostname: 'web',
  domainname: '',
  hosts: [{ address: '172.18.0.2', names: ['abc123', 'web'] }],
  extraHosts: ['db.local:10.0.0.5'],
  nameservers: ['172.18.0.1'],
  search: ['example.com'],
  options: ['ndots:2'],
};

describe('etc files', () => {
  it('writes hosts with localhost, extra hosts and the container itself', () => {
    const hosts = hostsFile(inputs).split('\n');
    expect(hosts[0]).toBe('127.0.0.1\tlocalhost');
    expect(hosts).toContain('10.0.0.5\tdb.local');
    expect(hosts).toContain('172.18.0.2\tabc123 web');
    expect(() => hostsFile({ ...inputs, extraHosts: [':1.2.3.4'] })).toThrow('is not host:ip');
  });

  it('writes resolv.conf', () => {
    expect(resolvConf(inputs)).toBe('nameserver 172.18.0.1\nsearch example.com\noptions ndots:2\n');
  });

  it('reads the host resolvers without loopback ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-engine-etc-'));
    try {
      await writeFile(
        join(dir, 'resolv.conf'),
        '# x\nnameserver 127.0.0.53\nnameserver 9.9.9.9\n nameserver ::1\n',
      );
      expect(await hostNameservers(join(dir, 'resolv.conf'))).toEqual(['9.9.9.9']);
      expect(await hostNameservers(join(dir, 'missing'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
