import type { FirewallNetwork, FirewallPort, FirewallState } from '../firewall/ruleset';
import type { ContainerRecord, EndpointRecord, NetworkRecord } from '../model';

/** A network with the containers attached to it, as Inspect and List return it. */
export interface NetworkView extends NetworkRecord {
  containers: { containerId: string; name: string; ifname: string; address: string; mac: string }[];
}

export function networkView(network: NetworkRecord, containers: Iterable<ContainerRecord>): NetworkView {
  const attached: NetworkView['containers'] = [];
  for (const container of containers) {
    for (const ep of container.endpoints) {
      if (ep.networkId === network.id && ep.state === 'ready') {
        attached.push({
          containerId: container.containerId,
          name: container.name,
          ifname: ep.ifname,
          address: ep.address,
          mac: ep.mac,
        });
      }
    }
  }
  return { ...network, containers: attached };
}

export function firewallNetwork(network: NetworkRecord): FirewallNetwork {
  return { bridge: network.bridge, subnet: network.subnet, internal: network.internal };
}

export function firewallPorts(endpoint: EndpointRecord): FirewallPort[] {
  return endpoint.ports.map((p) => ({ ...p, address: endpoint.address }));
}

/** Everything the firewall should hold for the given networks and containers. */
export function firewallState(
  networks: Iterable<NetworkRecord>,
  containers: Iterable<ContainerRecord>,
): FirewallState {
  const bridgeNetworks = [...networks].filter((n) => n.driver === 'bridge');
  const bridgeIds = new Set(bridgeNetworks.map((n) => n.id));
  const ports: FirewallPort[] = [];
  for (const container of containers) {
    for (const ep of container.endpoints) if (bridgeIds.has(ep.networkId)) ports.push(...firewallPorts(ep));
  }
  return { networks: bridgeNetworks.map(firewallNetwork), ports };
}

/** Names a container answers to on a network: its name, the endpoint's aliases, the short id. */
export function dnsNames(container: ContainerRecord, endpoint: EndpointRecord): string[] {
  return [container.name, ...endpoint.aliases, container.containerId.slice(0, 12)];
}
