import { PoolExhaustedError } from '../errors';
import { Cidr } from '../ip/cidr';
import { pickSubnet, routedPrefixes } from './subnet-pool';

describe('subnet pool', () => {
  it('avoids routed and used subnets', () => {
    const routes = JSON.stringify([
      { dst: 'default', gateway: '192.0.2.1' },
      { dst: '10.89.0.0/24', dev: 'eth0' },
      { dst: '10.89.1.7', type: 'local' },
      { dst: 'fe80::/64' },
    ]);
    const taken = [...routedPrefixes(routes), Cidr.parse('10.89.2.0/24', 's')];
    expect(pickSubnet([{ base: '10.89.0.0/16', size: 24 }], taken).toString()).toBe('10.89.3.0/24');
  });

  it('moves to the next pool and fails clearly when all are used', () => {
    const pools = [
      { base: '10.1.0.0/24', size: 25 },
      { base: '10.2.0.0/24', size: 24 },
    ];
    expect(pickSubnet(pools, [Cidr.parse('10.1.0.0/24', 's')]).toString()).toBe('10.2.0.0/24');
    expect(() => pickSubnet(pools, [Cidr.parse('10.0.0.0/8', 's')])).toThrow(PoolExhaustedError);
    expect(() => pickSubnet([{ base: '10.1.0.0/24', size: 16 }], [])).toThrow(/size/);
  });
});
