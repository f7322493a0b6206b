import { defineConfigSchema, InvalidArgumentError, type ConfigValues } from '@berth/kit';
import type { Upstream } from '../dns/forwarder';
import { isIPv4 } from '../ip/ipv4';
import type { AddressPool } from '../ipam/subnet-pool';
import { defaultOptions, type ManagerOptions } from '../manager/options';

/** berth-network's settings: defaults < /etc/berth/network.json < BERTH_NETWORK_* < flags. */
export const networkConfigSchema = defineConfigSchema({
  logLevel: {
    type: 'string',
    default: 'info',
    description: 'bunyan log level',
    choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
  },
  table: {
    type: 'string',
    default: 'berth',
    description: 'nftables table (family ip) holding all Berth rules',
  },
  vethPrefix: { type: 'string', default: 'bveth', description: 'prefix of host veth names' },
  bridgePrefix: { type: 'string', default: 'berth-', description: 'prefix of generated bridge names' },
  defaultNetwork: {
    type: 'string',
    default: 'berth0',
    description: 'name of the default network; empty for none',
  },
  defaultBridge: { type: 'string', default: 'berth0', description: 'bridge device of the default network' },
  defaultSubnet: {
    type: 'string',
    default: '',
    description: 'subnet of the default network; empty picks from the pools',
  },
  addressPools: {
    type: 'string[]',
    default: ['10.89.0.0/16:24', '172.18.0.0/15:16', '172.20.0.0/14:16', '172.24.0.0/13:16'],
    description: 'pools for automatic subnets, as base-CIDR:prefix-length',
  },
  mtu: { type: 'integer', default: 1500, description: 'default MTU of bridges and veths' },
  dnsDomain: { type: 'string', default: 'berth.internal', description: 'domain of container names' },
  dnsPort: { type: 'integer', default: 53, description: 'port the resolver listens on at each gateway' },
  upstreams: {
    type: 'string[]',
    default: [],
    description: 'resolvers to forward to (ip or ip:port); empty reads resolvConf',
  },
  resolvConf: {
    type: 'string',
    default: '/etc/resolv.conf',
    description: 'host resolv.conf to read upstream resolvers from',
  },
  portRange: { type: 'string', default: '49153-60999', description: 'range for automatic host ports' },
  cniPluginDirs: {
    type: 'string[]',
    default: ['/usr/lib/cni', '/opt/cni/bin'],
    description: 'where CNI plugins are looked up',
  },
  ipForward: { type: 'boolean', default: true, description: 'enable net.ipv4.ip_forward (needed for NAT)' },
});

type Values = ConfigValues<typeof networkConfigSchema>;

function parsePool(text: string): AddressPool {
  const [base, size] = text.split(':');
  if (!base || !/^\d+$/.test(size ?? '')) {
    throw new InvalidArgumentError(`addressPools: ${JSON.stringify(text)} is not base-CIDR:prefix-length`);
  }
  return { base, size: Number(size) };
}

function parseUpstream(text: string): Upstream {
  const [host, port = '53'] = text.split(':');
  if (!isIPv4(host) || !/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new InvalidArgumentError(
      `upstreams: ${JSON.stringify(text)} is not an IPv4 address with an optional :port`,
    );
  }
  return { host, port: Number(port) };
}

function parseRange(text: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const [from, to] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || from < 1 || to > 65535 || from > to) {
    throw new InvalidArgumentError(`portRange: ${JSON.stringify(text)} is not a port range like 49153-60999`);
  }
  return [from, to];
}

function checked(value: string, key: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value))
    throw new InvalidArgumentError(`${key}: ${JSON.stringify(value)} must be ${what}`);
  return value;
}

// Prefixes leave room for at least 4 hash characters in a 15-byte interface name.
const PREFIX = /^[A-Za-z][A-Za-z0-9_-]{0,10}$/;

/** Manager options from loaded config values and the component's paths. */
export function managerOptions(values: Values, paths: { root: string; run: string }): ManagerOptions {
  const base = defaultOptions(paths.root, paths.run);
  return {
    ...base,
    table: checked(
      values.table,
      'table',
      /^[A-Za-z][A-Za-z0-9_]{0,31}$/,
      'an nft identifier (letters, digits, _)',
    ),
    vethPrefix: checked(
      values.vethPrefix,
      'vethPrefix',
      PREFIX,
      '1-11 characters of A-Za-z0-9_- starting with a letter',
    ),
    bridgePrefix: checked(
      values.bridgePrefix,
      'bridgePrefix',
      PREFIX,
      '1-11 characters of A-Za-z0-9_- starting with a letter',
    ),
    defaultNetwork: values.defaultNetwork
      ? {
          name: values.defaultNetwork,
          bridge: values.defaultBridge,
          ...(values.defaultSubnet ? { subnet: values.defaultSubnet } : {}),
        }
      : null,
    addressPools: values.addressPools.map(parsePool),
    defaultMtu: values.mtu,
    dnsDomain: values.dnsDomain,
    dnsPort: values.dnsPort,
    ...(values.upstreams.length > 0 ? { upstreams: values.upstreams.map(parseUpstream) } : {}),
    resolvConf: values.resolvConf,
    portRange: parseRange(values.portRange),
    cniPluginDirs: values.cniPluginDirs,
    enableIpForward: values.ipForward,
  };
}
