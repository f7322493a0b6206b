import { randomBytes } from 'node:crypto';
import { InvalidArgumentError, NetworkExistsError, SubnetOverlapError } from '../errors';
import { Cidr } from '../ip/cidr';
import { formatIPv4, parseIPv4 } from '../ip/ipv4';
import { checkIfname, IFNAME_MAX } from '../link/interface-name';
import { pickSubnet, type AddressPool } from '../ipam/subnet-pool';
import type { NetworkRecord } from '../model';

/** What a caller asks for; empty strings and zero mean "choose for me". */
export interface CreateNetworkRequest {
  name: string;
  driver?: string;
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  internal?: boolean;
  labels?: Record<string, string>;
  /** Driver options; docker's `com.docker.network.driver.mtu` / `.bridge.name` are understood. */
  options?: Record<string, string>;
  mtu?: number;
  bridgeName?: string;
  /** For driver "cni": path of the CNI conflist this network runs. */
  cniConflist?: string;
}

export interface NetworkSpecContext {
  existing: NetworkRecord[];
  /** Prefixes routed on the host; automatic subnets avoid them. */
  hostRoutes: Cidr[];
  pools: AddressPool[];
  bridgePrefix: string;
  defaultMtu: number;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/;
const OPTION_ALIASES: Record<string, 'mtu' | 'bridge'> = {
  mtu: 'mtu',
  'com.docker.network.driver.mtu': 'mtu',
  bridge: 'bridge',
  'com.docker.network.bridge.name': 'bridge',
};

function mtuOf(request: CreateNetworkRequest, fromOptions: string | undefined, fallback: number): number {
  const raw = request.mtu || (fromOptions === undefined ? fallback : Number(fromOptions));
  if (!Number.isInteger(raw) || raw < 68 || raw > 65535) {
    throw new InvalidArgumentError(`mtu: ${fromOptions ?? request.mtu} is not an MTU between 68 and 65535`);
  }
  return raw;
}

/**
 * Turns a create request into a complete network record: validates every field, picks a subnet
 * when none is given, and refuses overlaps and duplicate names or bridges. Pure: no kernel access.
 */
export function buildNetworkRecord(
  request: CreateNetworkRequest,
  context: NetworkSpecContext,
): NetworkRecord {
  const { existing } = context;
  if (!NAME.test(request.name)) {
    throw new InvalidArgumentError(
      `name: ${JSON.stringify(request.name)} must be 1-64 characters of a-z A-Z 0-9 _ . - starting with a letter or digit`,
    );
  }
  if (existing.some((n) => n.name === request.name)) throw new NetworkExistsError(request.name);
  const driver = request.driver || 'bridge';
  if (driver !== 'bridge' && driver !== 'cni') {
    throw new InvalidArgumentError(`driver: ${JSON.stringify(driver)} is not supported (bridge or cni)`);
  }
  if (driver === 'cni' && !request.cniConflist) {
    throw new InvalidArgumentError('cni_conflist: the cni driver needs the path of a CNI conflist');
  }

  const options: Record<string, string> = {};
  let mtuOption: string | undefined;
  let bridgeOption: string | undefined;
  for (const [key, value] of Object.entries(request.options ?? {})) {
    const known = OPTION_ALIASES[key];
    if (!known)
      throw new InvalidArgumentError(`options: unknown option ${JSON.stringify(key)} (known: mtu, bridge)`);
    if (known === 'mtu') mtuOption = value;
    else bridgeOption = value;
    options[key] = value;
  }
  const mtu = mtuOf(request, mtuOption, context.defaultMtu);
  const id = randomBytes(32).toString('hex');

  const bridge =
    driver === 'cni'
      ? ''
      : checkIfname(
          request.bridgeName ||
            bridgeOption ||
            context.bridgePrefix + id.slice(0, IFNAME_MAX - context.bridgePrefix.length),
          'bridge_name',
        );
  if (bridge && existing.some((n) => n.bridge === bridge)) {
    throw new InvalidArgumentError(`bridge_name: ${bridge} is already the bridge of another network`);
  }

  let subnet: Cidr;
  if (request.subnet) {
    subnet = Cidr.parse(request.subnet, 'subnet');
    if (subnet.prefix > 30) throw new InvalidArgumentError(`subnet: ${subnet} is too small (at most /30)`);
    const clash = existing.find((n) => n.subnet && Cidr.parse(n.subnet, 'subnet').overlaps(subnet));
    if (clash)
      throw new SubnetOverlapError(`subnet: ${subnet} overlaps network ${clash.name} (${clash.subnet})`);
  } else if (driver === 'cni') {
    subnet = Cidr.parse('0.0.0.0/32', 'subnet');
  } else {
    const taken = [
      ...existing.filter((n) => n.subnet).map((n) => Cidr.parse(n.subnet, 'subnet')),
      ...context.hostRoutes,
    ];
    subnet = pickSubnet(context.pools, taken);
  }
  const isCniWithoutSubnet = driver === 'cni' && !request.subnet;

  let gateway = '';
  let ipRange = '';
  if (!isCniWithoutSubnet) {
    const gatewayValue = request.gateway ? parseIPv4(request.gateway, 'gateway') : subnet.firstHost;
    if (gatewayValue < subnet.firstHost || gatewayValue > subnet.lastHost) {
      throw new InvalidArgumentError(`gateway: ${request.gateway} is not a host address of subnet ${subnet}`);
    }
    gateway = formatIPv4(gatewayValue);
    const range = request.ipRange ? Cidr.parse(request.ipRange, 'ip_range') : subnet;
    if (!subnet.covers(range))
      throw new InvalidArgumentError(`ip_range: ${range} is not inside subnet ${subnet}`);
    ipRange = range.toString();
  } else if (request.gateway || request.ipRange) {
    throw new InvalidArgumentError(
      'gateway/ip_range: a cni network takes addresses from its own IPAM plugin',
    );
  }

  return {
    id,
    name: request.name,
    driver,
    bridge,
    subnet: isCniWithoutSubnet ? '' : subnet.toString(),
    gateway,
    ipRange,
    internal: request.internal ?? false,
    mtu,
    labels: { ...(request.labels ?? {}) },
    options,
    ...(driver === 'cni' ? { cniConflist: request.cniConflist } : {}),
    created: new Date().toISOString(),
  };
}
