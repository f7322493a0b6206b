import { DnsRecords } from './records';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostUpstreams, parseNameservers } from './upstreams';

describe('DnsRecords', () => {
  it('scopes names to networks and follows the asker', () => {
    const records = new DnsRecords();
    records.set('c1', 'n1', '10.1.0.2', ['Web', 'www', '']);
    records.set('c2', 'n1', '10.1.0.3', ['db']);
    records.set('c2', 'n2', '10.2.0.2', ['db']);
    records.set('c3', 'n2', '10.2.0.3', ['other']);

    expect(records.networksOfAddress('10.1.0.3')).toEqual(new Set(['n1', 'n2']));
    expect(records.networksOfAddress('10.2.0.3')).toEqual(new Set(['n2']));
    expect(records.lookup('WEB', new Set(['n1']))).toEqual(['10.1.0.2']);
    expect(records.lookup('web', new Set(['n2']))).toEqual([]);
    expect(records.lookup('db', new Set(['n1', 'n2']))).toEqual(['10.1.0.3', '10.2.0.2']);
    expect(records.reverse('2.0.1.10.in-addr.arpa', new Set(['n1']))).toBe('web');
    expect(records.reverse('2.0.1.10.in-addr.arpa', new Set(['n2']))).toBeUndefined();

    records.remove('c1', 'n1');
    expect(records.lookup('web', new Set(['n1']))).toEqual([]);
    records.removeNetwork('n2');
    expect(records.lookup('db', new Set(['n2']))).toEqual([]);
  });

  it('reads IPv4 nameservers from resolv.conf text', () => {
    const text = '# comment\nnameserver 10.0.0.1\nnameserver ::1\nsearch example\n nameserver  10.0.0.2 \n';
    expect(parseNameservers(text)).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('HostUpstreams', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'berth-resolv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('follows changes to resolv.conf', async () => {
    const file = path.join(dir, 'resolv.conf');
    writeFileSync(file, 'nameserver 10.0.0.1\n');
    const upstreams = new HostUpstreams(file, 0);
    expect(await upstreams.current()).toEqual([{ host: '10.0.0.1', port: 53 }]);
    writeFileSync(file, 'nameserver 10.0.0.2\nnameserver 10.0.0.3\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await upstreams.current()).map((u) => u.host)).toEqual(['10.0.0.2', '10.0.0.3']);
  });
});
