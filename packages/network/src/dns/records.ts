import { parseIPv4, reverseName } from '../ip/ipv4';

interface Entry {
  containerId: string;
  networkId: string;
  address: string;
  /** Lower-case names: container name, aliases and the short container id. */
  names: string[];
}

/**
 * The names the resolver answers, per network. A query is answered only from the networks the
 * asking container is on, which is what keeps networks from seeing each other's names.
 */
export class DnsRecords {
  private readonly entries = new Map<string, Entry>();

  private key(containerId: string, networkId: string): string {
    return `${containerId}/${networkId}`;
  }

  set(containerId: string, networkId: string, address: string, names: string[]): void {
    const unique = [...new Set(names.filter((n) => n !== '').map((n) => n.toLowerCase()))];
    this.entries.set(this.key(containerId, networkId), { containerId, networkId, address, names: unique });
  }

  remove(containerId: string, networkId: string): void {
    this.entries.delete(this.key(containerId, networkId));
  }

  removeNetwork(networkId: string): void {
    for (const [key, entry] of this.entries) if (entry.networkId === networkId) this.entries.delete(key);
  }

  /** The networks of whichever container owns `address` (the querying client), if any. */
  networksOfAddress(address: string): Set<string> {
    const owners = new Set<string>();
    for (const entry of this.entries.values()) if (entry.address === address) owners.add(entry.containerId);
    const networks = new Set<string>();
    for (const entry of this.entries.values())
      if (owners.has(entry.containerId)) networks.add(entry.networkId);
    return networks;
  }

  /** Addresses for a name on the given networks, in a stable order. */
  lookup(name: string, networks: Set<string>): string[] {
    const wanted = name.toLowerCase();
    const found = new Set<string>();
    for (const entry of this.entries.values()) {
      if (networks.has(entry.networkId) && entry.names.includes(wanted)) found.add(entry.address);
    }
    return [...found].sort((a, b) => parseIPv4(a, 'a') - parseIPv4(b, 'b'));
  }

  /** The primary name for a reverse-DNS name (x.x.x.x.in-addr.arpa) on the given networks. */
  reverse(ptrName: string, networks: Set<string>): string | undefined {
    const wanted = ptrName.toLowerCase();
    for (const entry of this.entries.values()) {
      if (networks.has(entry.networkId) && reverseName(parseIPv4(entry.address, 'a')) === wanted) {
        return entry.names[0];
      }
    }
    return undefined;
  }
}
