import { DnsRecords } from './records';
import { parseNameservers } from './upstreams';

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
