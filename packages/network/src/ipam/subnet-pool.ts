import { InvalidArgumentError, PoolExhaustedError } from '../errors';
import { Cidr } from '../ip/cidr';

/** Where automatic subnets come from: `base` is cut into prefixes of length `size`. */
export interface AddressPool {
  base: string;
  size: number;
}

/** The default pools: 10.89.0.0/16 in /24s first (few hosts route it), then 172.18–31 in /16s. */
export const DEFAULT_ADDRESS_POOLS: AddressPool[] = [
  { base: '10.89.0.0/16', size: 24 },
  { base: '172.18.0.0/15', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/13', size: 16 },
];

export function parsePools(pools: AddressPool[]): { base: Cidr; size: number }[] {
  return pools.map((pool, i) => {
    const base = Cidr.parse(pool.base, `address_pools[${i}].base`);
    if (!Number.isInteger(pool.size) || pool.size < base.prefix || pool.size > 30) {
      throw new InvalidArgumentError(
        `address_pools[${i}].size: /${pool.size} must be between /${base.prefix} and /30`,
      );
    }
    return { base, size: pool.size };
  });
}

/**
 * The first subnet of the pools that overlaps neither an existing network nor a route on the
 * host, so a new bridge never shadows a LAN, VPN or another engine's bridge.
 */
export function pickSubnet(pools: AddressPool[], taken: Cidr[]): Cidr {
  for (const { base, size } of parsePools(pools)) {
    for (const candidate of base.subnets(size)) {
      if (!taken.some((t) => t.overlaps(candidate))) return candidate;
    }
  }
  throw new PoolExhaustedError('no free subnet left in the address pools; pass a subnet or add a pool');
}

/** Destinations of the host's IPv4 routes from `ip -j route show table all` (default routes skipped). */
export function routedPrefixes(ipRouteJson: string): Cidr[] {
  const routes = JSON.parse(ipRouteJson) as { dst?: string; type?: string }[];
  const out: Cidr[] = [];
  for (const route of routes) {
    if (!route.dst || route.dst === 'default') continue;
    if (route.type && !['unicast', 'local', 'blackhole', 'unreachable', 'prohibit'].includes(route.type))
      continue;
    const [address, prefix = '32'] = route.dst.split('/');
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(address)) continue;
    // Local routes such as 127.0.0.0/8 and this host's own addresses also count as taken.
    const bits = Number(prefix);
    const base = Cidr.parse(`${address}/32`, 'route').base;
    out.push(Cidr.containing(base, bits));
  }
  return out;
}
