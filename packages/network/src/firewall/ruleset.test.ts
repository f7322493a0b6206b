import { addNetworkScript, addPortsScript, fullTableScript, removePortsScript } from './ruleset';

describe('firewall scripts', () => {
  const net = { bridge: 'br1', subnet: '10.1.0.0/24', internal: false };
  const internal = { bridge: 'br2', subnet: '10.2.0.0/24', internal: true };

  it('turns networks into set elements; internal ones get no NAT', () => {
    expect(addNetworkScript('t', net)).toBe(
      'add element ip t bridges { "br1" }\n' +
        'add element ip t same_bridge { "br1" . "br1" }\n' +
        'add element ip t bridge_subnets { 10.1.0.0/24 }\n' +
        'add element ip t nat_subnets { 10.1.0.0/24 }\n',
    );
    expect(addNetworkScript('t', internal)).toContain('internal_bridges { "br2" }');
    expect(addNetworkScript('t', internal)).not.toContain('nat_subnets');
  });

  it('maps published ports by protocol and host address', () => {
    const ports = [
      { hostIp: '', hostPort: 8080, protocol: 'tcp' as const, address: '10.1.0.2', containerPort: 80 },
      {
        hostIp: '127.0.0.1',
        hostPort: 5353,
        protocol: 'udp' as const,
        address: '10.1.0.2',
        containerPort: 53,
      },
    ];
    expect(addPortsScript('t', ports)).toBe(
      'add element ip t pub_tcp_any { 8080 : 10.1.0.2 . 80 }\n' +
        'add element ip t pub_udp_addr { 127.0.0.1 . 5353 : 10.1.0.2 . 53 }\n',
    );
    expect(removePortsScript('t', ports)).toMatch(/^delete element ip t pub_tcp_any/);
    expect(addPortsScript('t', [])).toBe('');
  });

  it('writes the whole table so applying it replaces any previous one', () => {
    const script = fullTableScript('t', { networks: [net], ports: [] });
    expect(script.startsWith('table ip t {}\ndelete table ip t\ntable ip t {\n')).toBe(true);
    expect(script).toContain('set bridges { type ifname; elements = { "br1" } }');
    expect(script).toContain('iifname @bridges ip daddr 127.0.0.0/8 drop');
  });

  it('refuses interface names that could inject syntax', () => {
    expect(() => addNetworkScript('t', { ...net, bridge: 'br"; flush ruleset' })).toThrow(
      /unsafe interface name/,
    );
  });
});
