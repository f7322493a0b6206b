import { InvalidArgumentError, NetworkExistsError, SubnetOverlapError } from '../errors';
import { Cidr } from '../ip/cidr';
import { buildNetworkRecord, type NetworkSpecContext } from './network-spec';

describe('buildNetworkRecord', () => {
  const context = (existing: NetworkSpecContext['existing'] = []): NetworkSpecContext => ({
    existing,
    hostRoutes: [Cidr.parse('10.89.0.0/24', 'r')],
    pools: [{ base: '10.89.0.0/16', size: 24 }],
    bridgePrefix: 'bt-',
    defaultMtu: 1500,
  });

  it('fills in subnet, gateway, range and bridge', () => {
    const net = buildNetworkRecord({ name: 'front' }, context());
    expect(net).toMatchObject({
      name: 'front',
      driver: 'bridge',
      subnet: '10.89.1.0/24',
      gateway: '10.89.1.1',
    });
    expect(net.ipRange).toBe('10.89.1.0/24');
    expect(net.bridge).toMatch(/^bt-[0-9a-f]{12}$/);
    expect(net.mtu).toBe(1500);
  });

  it('takes explicit settings and docker option names', () => {
    const net = buildNetworkRecord(
      {
        name: 'b',
        subnet: '172.30.0.0/16',
        gateway: '172.30.0.254',
        ipRange: '172.30.5.0/24',
        internal: true,
        options: { 'com.docker.network.driver.mtu': '1400', 'com.docker.network.bridge.name': 'mybr' },
      },
      context(),
    );
    expect(net).toMatchObject({
      gateway: '172.30.0.254',
      ipRange: '172.30.5.0/24',
      mtu: 1400,
      bridge: 'mybr',
      internal: true,
    });
  });

  it('refuses duplicates, overlaps and bad fields with the field named', () => {
    const first = buildNetworkRecord({ name: 'a', subnet: '10.50.0.0/16' }, context());
    expect(() => buildNetworkRecord({ name: 'a' }, context([first]))).toThrow(NetworkExistsError);
    expect(() => buildNetworkRecord({ name: 'b', subnet: '10.50.3.0/24' }, context([first]))).toThrow(
      SubnetOverlapError,
    );
    expect(() => buildNetworkRecord({ name: 'b', subnet: '10.50.0.0/33' }, context())).toThrow(/subnet/);
    expect(() =>
      buildNetworkRecord({ name: 'b', subnet: '10.60.0.0/24', gateway: '10.61.0.1' }, context()),
    ).toThrow(/gateway/);
    expect(() =>
      buildNetworkRecord({ name: 'b', subnet: '10.60.0.0/24', ipRange: '10.60.1.0/25' }, context()),
    ).toThrow(/ip_range/);
    expect(() => buildNetworkRecord({ name: '-x' }, context())).toThrow(InvalidArgumentError);
    expect(() => buildNetworkRecord({ name: 'b', driver: 'overlay' }, context())).toThrow(/driver/);
    expect(() => buildNetworkRecord({ name: 'b', options: { foo: '1' } }, context())).toThrow(
      /unknown option "foo"/,
    );
    expect(() => buildNetworkRecord({ name: 'b', mtu: 20 }, context())).toThrow(/mtu/);
    expect(() => buildNetworkRecord({ name: 'b', bridgeName: 'way-too-long-bridge' }, context())).toThrow(
      /bridge_name/,
    );
    expect(() => buildNetworkRecord({ name: 'b', driver: 'cni' }, context())).toThrow(/cni_conflist/);
  });
});
