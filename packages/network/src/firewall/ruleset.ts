import type { Protocol } from '../model';

/** A network as the firewall sees it. */
export interface FirewallNetwork {
  bridge: string;
  subnet: string;
  internal: boolean;
}

/** One published port as a DNAT map entry. hostIp '' = every local address. */
export interface FirewallPort {
  hostIp: string;
  hostPort: number;
  protocol: Protocol;
  address: string;
  containerPort: number;
}

export interface FirewallState {
  networks: FirewallNetwork[];
  ports: FirewallPort[];
}

// All of Berth's rules live in one `ip` table. The chains are fixed; what changes per network or
// container are elements of the sets and maps below, so attach/detach/create/remove are each a
// few element adds or deletes in one `nft -f -` transaction, independent of how many containers
// exist. Rules of other tables (docker, podman, CNI) are never touched.
const CHAINS = `
  chain guard {
    type filter hook prerouting priority raw; policy accept;
    # CVE-2020-8558: route_localnet is on for the bridges (so published ports answer on
    # 127.0.0.1); never let a container address the host's loopback through them.
    iifname @bridges ip daddr 127.0.0.0/8 drop
  }
  chain publish {
    meta l4proto tcp dnat ip to ip daddr . tcp dport map @pub_tcp_addr
    meta l4proto tcp dnat ip to tcp dport map @pub_tcp_any
    meta l4proto udp dnat ip to ip daddr . udp dport map @pub_udp_addr
    meta l4proto udp dnat ip to udp dport map @pub_udp_any
  }
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    fib daddr type local jump publish
  }
  chain output {
    type nat hook output priority -100; policy accept;
    fib daddr type local jump publish
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    # Published ports reached from the host as 127.0.0.1: the reply must come back to an address
    # the container can route to.
    oifname @bridges ip saddr 127.0.0.0/8 masquerade
    # Hairpin: a container reaching a published port that leads back into a bridge. (iifname is
    # unset in postrouting, hence the match on source subnets.)
    ct status dnat oifname @bridges ip saddr @bridge_subnets masquerade
    ip saddr @nat_subnets oifname != @bridges masquerade
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    ct state established,related accept
    iifname . oifname @same_bridge accept
    oifname @bridges ct status dnat accept
    iifname @internal_bridges drop
    oifname @internal_bridges drop
    iifname @bridges oifname @bridges drop
    oifname @bridges drop
  }`;

const SETS: Record<string, string> = {
  bridges: 'type ifname;',
  internal_bridges: 'type ifname;',
  same_bridge: 'type ifname . ifname;',
  bridge_subnets: 'type ipv4_addr; flags interval;',
  nat_subnets: 'type ipv4_addr; flags interval;',
  pub_tcp_any: 'type inet_service : ipv4_addr . inet_service;',
  pub_tcp_addr: 'type ipv4_addr . inet_service : ipv4_addr . inet_service;',
  pub_udp_any: 'type inet_service : ipv4_addr . inet_service;',
  pub_udp_addr: 'type ipv4_addr . inet_service : ipv4_addr . inet_service;',
};

const MAPS = new Set(['pub_tcp_any', 'pub_tcp_addr', 'pub_udp_any', 'pub_udp_addr']);

function quote(name: string): string {
  if (!/^[A-Za-z0-9_.@-]{1,15}$/.test(name)) throw new Error(`unsafe interface name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Set elements a network contributes, grouped by set. */
function networkElements(network: FirewallNetwork): Record<string, string[]> {
  const br = quote(network.bridge);
  const out: Record<string, string[]> = {
    bridges: [br],
    same_bridge: [`${br} . ${br}`],
    bridge_subnets: [network.subnet],
  };
  if (network.internal) out.internal_bridges = [br];
  else out.nat_subnets = [network.subnet];
  return out;
}

function portElements(port: FirewallPort): Record<string, string[]> {
  const target = `${port.address} . ${port.containerPort}`;
  if (port.hostIp === '') return { [`pub_${port.protocol}_any`]: [`${port.hostPort} : ${target}`] };
  return { [`pub_${port.protocol}_addr`]: [`${port.hostIp} . ${port.hostPort} : ${target}`] };
}

function merge(groups: Record<string, string[]>[]): Map<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const group of groups) {
    for (const [set, elements] of Object.entries(group))
      merged.set(set, [...(merged.get(set) ?? []), ...elements]);
  }
  return merged;
}

function elementCommands(verb: 'add' | 'delete', table: string, groups: Record<string, string[]>[]): string {
  return [...merge(groups)]
    .filter(([, elements]) => elements.length > 0)
    .map(([set, elements]) => `${verb} element ip ${table} ${set} { ${elements.join(', ')} }\n`)
    .join('');
}

/**
 * The whole table, replacing whatever a previous daemon left (the `table` + `delete table`
 * prefix makes the delete valid even when the table does not exist yet). Used at start and as
 * the repair path; nft applies the file as one transaction.
 */
export function fullTableScript(table: string, state: FirewallState): string {
  const elements = merge([...state.networks.map(networkElements), ...state.ports.map(portElements)]);
  const sets = Object.entries(SETS)
    .map(([name, type]) => {
      const kind = MAPS.has(name) ? 'map' : 'set';
      const items = elements.get(name) ?? [];
      const body = items.length > 0 ? ` elements = { ${items.join(', ')} }` : '';
      return `  ${kind} ${name} { ${type}${body} }`;
    })
    .join('\n');
  return `table ip ${table} {}\ndelete table ip ${table}\ntable ip ${table} {\n${sets}\n${CHAINS}\n}\n`;
}

export function addNetworkScript(table: string, network: FirewallNetwork): string {
  return elementCommands('add', table, [networkElements(network)]);
}

export function removeNetworkScript(table: string, network: FirewallNetwork): string {
  return elementCommands('delete', table, [networkElements(network)]);
}

export function addPortsScript(table: string, ports: FirewallPort[]): string {
  return elementCommands('add', table, ports.map(portElements));
}

export function removePortsScript(table: string, ports: FirewallPort[]): string {
  return elementCommands('delete', table, ports.map(portElements));
}

export function deleteTableScript(table: string): string {
  return `table ip ${table} {}\ndelete table ip ${table}\n`;
}
