import { network as api } from '@berth/api';
import { InvalidArgumentError } from '@berth/kit';
import type { AttachResult, PortMapping, Protocol } from '../model';
import type { PortRequest } from '../ports/port-request';
import type { NetworkView } from '../manager/views';

// Conversions between the generated berth.network.v1 messages and the library's records.

const pb = api.v1;

export function protocolFromProto(value: api.v1.Protocol, field: string): Protocol {
  switch (value) {
    case pb.Protocol.PROTOCOL_UNSPECIFIED:
    case pb.Protocol.PROTOCOL_TCP:
      return 'tcp';
    case pb.Protocol.PROTOCOL_UDP:
      return 'udp';
    default:
      throw new InvalidArgumentError(`${field}: protocol ${String(value)} is not tcp or udp`);
  }
}

export function protocolToProto(value: Protocol): api.v1.Protocol {
  return value === 'udp' ? pb.Protocol.PROTOCOL_UDP : pb.Protocol.PROTOCOL_TCP;
}

/** A proto PortRequest with its "0 means single" range ends filled in. */
export function portRequestFromProto(request: api.v1.PortRequest, index: number): PortRequest {
  const field = `ports[${index}]`;
  return {
    hostIp: request.hostIp,
    hostPort: request.hostPort,
    hostPortEnd: request.hostPortEnd || request.hostPort,
    containerPort: request.containerPort,
    containerPortEnd: request.containerPortEnd || request.containerPort,
    protocol: protocolFromProto(request.protocol, field),
  };
}

function portMappingToProto(mapping: PortMapping): api.v1.PortMapping {
  return {
    hostIp: mapping.hostIp,
    hostPort: mapping.hostPort,
    containerPort: mapping.containerPort,
    protocol: protocolToProto(mapping.protocol),
  };
}

export function networkToProto(view: NetworkView): api.v1.NetworkInfo {
  return {
    id: view.id,
    name: view.name,
    driver: view.driver,
    bridge: view.bridge,
    subnet: view.subnet,
    gateway: view.gateway,
    ipRange: view.ipRange,
    internal: view.internal,
    mtu: view.mtu,
    labels: view.labels,
    options: view.options,
    cniConflist: view.cniConflist ?? '',
    created: new Date(view.created),
    containers: view.containers.map((c) => ({ ...c })),
  };
}

export function attachResultToProto(result: AttachResult): api.v1.AttachResponse {
  return {
    ifname: result.ifname,
    address: result.address,
    prefixLength: result.prefix,
    gateway: result.gateway,
    mac: result.mac,
    ports: result.ports.map(portMappingToProto),
    dnsServers: result.dnsServers,
    searchDomains: result.searchDomains,
    hosts: result.hosts,
  };
}
