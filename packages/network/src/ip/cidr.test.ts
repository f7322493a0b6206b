import { InvalidArgumentError } from '../errors';
import { Cidr } from './cidr';
import { formatIPv4, parseIPv4, reverseName } from './ipv4';
import { macForIPv4 } from './mac';

describe('IPv4 and CIDR arithmetic', () => {
  it('round-trips addresses', () => {
    expect(formatIPv4(parseIPv4('10.88.0.1', 'x'))).toBe('10.88.0.1');
    expect(formatIPv4(parseIPv4('255.255.255.255', 'x'))).toBe('255.255.255.255');
    expect(reverseName(parseIPv4('10.88.0.2', 'x'))).toBe('2.0.88.10.in-addr.arpa');
  });

  it('names the field of a bad address', () => {
    expect(() => parseIPv4('10.0.0.256', 'gateway')).toThrow(/gateway: "10.0.0.256" is not an IPv4 address/);
    expect(() => parseIPv4('01.2.3.4', 'gateway')).toThrow(InvalidArgumentError);
  });

  it('parses and checks prefixes', () => {
    const c = Cidr.parse('10.88.0.0/16', 'subnet');
    expect(c.size).toBe(65536);
    expect(formatIPv4(c.firstHost)).toBe('10.88.0.1');
    expect(formatIPv4(c.lastHost)).toBe('10.88.255.254');
    expect(() => Cidr.parse('10.88.0.1/16', 'subnet')).toThrow(/host bits set; did you mean 10.88.0.0\/16/);
    expect(() => Cidr.parse('10.88.0.0/33', 'subnet')).toThrow(/longer than 32/);
    expect(() => Cidr.parse('10.88.0.0', 'subnet')).toThrow(/not a CIDR/);
  });

  it('detects overlap and containment', () => {
    const a = Cidr.parse('10.88.0.0/16', 's');
    expect(a.overlaps(Cidr.parse('10.88.4.0/24', 's'))).toBe(true);
    expect(a.covers(Cidr.parse('10.88.4.0/24', 's'))).toBe(true);
    expect(a.overlaps(Cidr.parse('10.89.0.0/24', 's'))).toBe(false);
    expect([...Cidr.parse('10.0.0.0/23', 's').subnets(24)].map(String)).toEqual([
      '10.0.0.0/24',
      '10.0.1.0/24',
    ]);
  });

  it('derives a locally administered MAC', () => {
    expect(macForIPv4(parseIPv4('10.88.0.2', 'x'))).toBe('02:42:0a:58:00:02');
  });
});
