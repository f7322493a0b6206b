import { AddressUnavailableError, InvalidArgumentError, PoolExhaustedError } from '../errors';
import { Cidr } from '../ip/cidr';
import { formatIPv4, parseIPv4 } from '../ip/ipv4';

interface Pool {
  subnet: Cidr;
  range: Cidr;
  gateway: number;
  /** address → owner (container id) */
  used: Map<number, string>;
  /** Allocation continues after the last address handed out, so a freed one is not reused at once. */
  last: number;
}

/**
 * Address allocation for every network, in memory. It holds no file of its own: the manager
 * persists each allocation inside the endpoint record (written 'pending' before any kernel change)
 * and rebuilds this index from those records at start, so an address is never lost or doubled
 * across kill -9. Callers serialise allocate/release through the manager's mutex.
 */
export class Ipam {
  private readonly pools = new Map<string, Pool>();

  addNetwork(networkId: string, subnet: string, ipRange: string, gateway: string): void {
    const sub = Cidr.parse(subnet, 'subnet');
    const range = Cidr.parse(ipRange, 'ip_range');
    this.pools.set(networkId, {
      subnet: sub,
      range,
      gateway: parseIPv4(gateway, 'gateway'),
      used: new Map(),
      last: range.firstHost - 1,
    });
  }

  removeNetwork(networkId: string): void {
    this.pools.delete(networkId);
  }

  private pool(networkId: string): Pool {
    const pool = this.pools.get(networkId);
    if (!pool) throw new Error(`ipam: unknown network ${networkId}`);
    return pool;
  }

  /** Hands out `requested` (a static IP) or the next free address of the network's range. */
  allocate(networkId: string, owner: string, requested?: string): string {
    const pool = this.pool(networkId);
    if (requested) {
      const address = parseIPv4(requested, 'ip');
      if (
        !pool.subnet.contains(address) ||
        address < pool.subnet.firstHost ||
        address > pool.subnet.lastHost
      ) {
        throw new InvalidArgumentError(`ip: ${requested} is not a host address of subnet ${pool.subnet}`);
      }
      if (address === pool.gateway)
        throw new AddressUnavailableError(`ip: ${requested} is the network gateway`);
      const holder = pool.used.get(address);
      if (holder !== undefined)
        throw new AddressUnavailableError(`ip: ${requested} is already in use by ${holder}`);
      pool.used.set(address, owner);
      return requested;
    }
    const first = pool.range.firstHost;
    const count = pool.range.lastHost - first + 1;
    for (let step = 1; step <= count; step++) {
      const address = first + ((pool.last - first + step) % count);
      if (address === pool.gateway || pool.used.has(address)) continue;
      pool.used.set(address, owner);
      pool.last = address;
      return formatIPv4(address);
    }
    throw new PoolExhaustedError(`network ${networkId}: no free address left in ${pool.range}`);
  }

  /** Marks an address taken while rebuilding from persisted endpoints. */
  restore(networkId: string, address: string, owner: string): void {
    const pool = this.pool(networkId);
    const value = parseIPv4(address, 'ip');
    pool.used.set(value, owner);
    if (value > pool.last) pool.last = value;
  }

  release(networkId: string, address: string): void {
    this.pools.get(networkId)?.used.delete(parseIPv4(address, 'ip'));
  }

  /** The addresses in use on a network, for inspection and tests. */
  allocated(networkId: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const [address, owner] of this.pool(networkId).used) out.set(formatIPv4(address), owner);
    return out;
  }
}
