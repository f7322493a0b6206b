import type { AttachResult, ContainerRecord, EndpointRecord, NetworkRecord } from '../model';

/**
 * What the engine needs after an attach: the endpoint, the resolvers (gateways of the
 * container's bridge networks, where berth-network's DNS answers), search domain, hosts entries.
 */
export function buildAttachResult(
  container: ContainerRecord,
  endpoint: EndpointRecord,
  networks: Map<string, NetworkRecord>,
  dnsDomain: string,
): AttachResult {
  const dnsServers = container.endpoints
    .map((e) => networks.get(e.networkId))
    .filter((n): n is NetworkRecord => n?.driver === 'bridge')
    .map((n) => n.gateway);
  return {
    ifname: endpoint.ifname,
    address: endpoint.address,
    prefix: endpoint.prefix,
    gateway: endpoint.gateway,
    mac: endpoint.mac,
    ports: endpoint.ports,
    dnsServers: [...new Set(dnsServers)],
    searchDomains: [dnsDomain],
    hosts: container.endpoints
      .filter((e) => e.address)
      .map((e) => ({
        address: e.address,
        names: [container.name, container.containerId.slice(0, 12)].filter(Boolean),
      })),
  };
}
