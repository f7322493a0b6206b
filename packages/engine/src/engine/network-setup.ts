// A container's network at start: its namespace from berth-network, attached to each of its
// networks with its ports published, then /etc/hosts, /etc/hostname and /etc/resolv.conf.
// Torn down (detach, namespace removed) when it stops.
import { network } from '@berth/api';
import type { ComponentClients } from '../components/component-clients';
import { InvalidOptionError } from '../errors';
import { parsePortKey, type PortMapping } from '../options/ports';
import type { ContainerRecord, EndpointRecord } from '../state/container-record';
import { hostNameservers, writeEtcFiles, type EtcPaths, type HostsEntry } from './etc-files';

/** Another container's network, joined with --network container:<ref>. */
export interface JoinedNetwork {
  netns: string;
  etc: EtcPaths;
}

export interface NetworkResult {
  /**
   * Namespace path, 'host' to share the host's, or undefined for a new, empty one the runtime
   * creates with the container (--network none: nothing to attach, so no namespace of
   * berth-network's and no round trips to it).
   */
  netns?: string;
  endpoints: EndpointRecord[];
  ports: PortMapping[];
  etc: EtcPaths;
}

const PROTOCOLS: Record<string, network.v1.Protocol> = {
  tcp: network.v1.Protocol.PROTOCOL_TCP,
  udp: network.v1.Protocol.PROTOCOL_UDP,
};

export class NetworkSetup {
  constructor(
    private readonly clients: ComponentClients,
    /** The berth-network network docker's "bridge" means. */
    private readonly defaultNetwork: string,
  ) {}

  private networkName(name: string): string {
    return name === 'bridge' ? this.defaultNetwork : name;
  }

  /** Ports to publish: -p bindings, plus every exposed port on a free host port with -P. */
  portsToPublish(record: ContainerRecord, imageExposed: string[]): PortMapping[] {
    const ports = [...record.settings.portBindings];
    if (record.settings.publishAllPorts) {
      for (const key of new Set([...imageExposed, ...record.settings.exposedPorts])) {
        const { port, protocol } = parsePortKey(key);
        if (!ports.some((p) => p.containerPort === port && p.protocol === protocol))
          ports.push({ containerPort: port, protocol, hostIp: '', hostPort: 0 });
      }
    }
    return ports;
  }

  async setUp(
    record: ContainerRecord,
    dir: string,
    imageExposed: string[],
    joined?: JoinedNetwork,
  ): Promise<NetworkResult> {
    const { settings } = record;
    // --network container:<ref>: its namespace and its /etc files, nothing of our own.
    if (joined) return { netns: joined.netns, endpoints: [], ports: [], etc: joined.etc };
    const hostname = settings.hostname || record.id.slice(0, 12);
    const hosts: HostsEntry[] = [];
    const endpoints: EndpointRecord[] = [];
    let ports: PortMapping[] = [];
    let nameservers: string[] = [];
    let search: string[] = [];
    let netns: string | undefined = 'host';
    if (settings.networkMode === 'none') netns = undefined;
    else if (settings.networkMode !== 'host') {
      netns = (await this.clients.network.call.createNetns({ name: record.id })).path;
      const attachments =
        settings.networks.length > 0
          ? settings.networks
          : [{ network: settings.networkMode, aliases: [], ipv4Address: '' }];
      const wanted = this.portsToPublish(record, imageExposed);
      for (const [i, attachment] of attachments.entries()) {
        const { endpoint, response } = await this.attach(record, netns, attachment, i === 0 ? wanted : []);
        endpoints.push(endpoint);
        if (i === 0) ports = response.ports.map((p) => fromPortMapping(p));
        nameservers = [...new Set([...nameservers, ...response.dnsServers])];
        search = [...new Set([...search, ...response.searchDomains])];
        hosts.push(...response.hosts.map((h) => ({ address: h.address, names: h.names })));
      }
      if (hosts.length === 0 && endpoints.length > 0)
        hosts.push({ address: endpoints[0].ipAddress, names: [hostname] });
    }
    if (settings.networkMode === 'host' || nameservers.length === 0) nameservers = await hostNameservers();
    const etc = await writeEtcFiles(dir, {
      hostname,
      domainname: settings.domainname,
      hosts,
      extraHosts: settings.extraHosts,
      nameservers: settings.dns.length > 0 ? settings.dns : nameservers,
      search: settings.dnsSearch.length > 0 ? settings.dnsSearch : search,
      options: settings.dnsOptions,
    });
    return { netns, endpoints, ports, etc };
  }

  /** Connects a namespace to one network (publishing `ports` there). */
  async attach(
    record: ContainerRecord,
    netns: string,
    attachment: { network: string; aliases: string[]; ipv4Address: string },
    ports: PortMapping[],
  ): Promise<{ endpoint: EndpointRecord; response: network.v1.AttachResponse }> {
    const name = this.networkName(attachment.network);
    const response = await this.clients.network.call.attach({
      containerId: record.id,
      name: record.name,
      netnsPath: netns,
      network: name,
      ifname: '',
      ip: attachment.ipv4Address,
      mac: '',
      aliases: [...attachment.aliases, record.id.slice(0, 12)],
      ports: ports.map(toPortRequest),
    });
    return {
      endpoint: {
        network: attachment.network,
        networkId: name,
        endpointId: response.ifname,
        ipAddress: response.address,
        prefixLength: response.prefixLength,
        gateway: response.gateway,
        macAddress: response.mac,
        aliases: attachment.aliases,
      },
      response,
    };
  }

  /** Disconnects from one network. */
  async detach(record: ContainerRecord, networkName: string): Promise<void> {
    await this.clients.network.call.detach({
      containerId: record.id,
      network: this.networkName(networkName),
    });
  }

  /** Detaches from every network and removes the namespace; tolerant of what is already gone. */
  async tearDown(record: ContainerRecord): Promise<void> {
    const mode = record.settings.networkMode;
    if (mode === 'host' || mode.startsWith('container:')) return;
    // --network none: the namespace ends with its processes, unless an engine before this one
    // had berth-network make it (its path is then not the container's /proc one).
    if (mode === 'none') {
      if (record.netnsPath && !isProcessNetns(record.netnsPath))
        await ignoreNotFound(this.clients.network.call.removeNetns({ name: record.id }));
      return;
    }
    await ignoreNotFound(this.clients.network.call.detach({ containerId: record.id, network: '' }));
    await ignoreNotFound(this.clients.network.call.removeNetns({ name: record.id }));
  }
}

/** The path naming the network namespace of a running container's init process. */
export function processNetns(pid: number): string {
  return `/proc/${pid}/ns/net`;
}

function isProcessNetns(path: string): boolean {
  return /^\/proc\/\d+\/ns\/net$/.test(path);
}

async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if ((err as { code?: string }).code !== 'NotFound') throw err;
  }
}

function toPortRequest(port: PortMapping): network.v1.PortRequest {
  if (!(port.protocol in PROTOCOLS))
    throw new InvalidOptionError(
      'publish',
      `publishing ${port.protocol} ports is not supported by berth-network`,
    );
  return {
    hostIp: port.hostIp,
    hostPort: port.hostPort,
    hostPortEnd: 0,
    containerPort: port.containerPort,
    containerPortEnd: 0,
    protocol: PROTOCOLS[port.protocol],
  };
}

function fromPortMapping(port: network.v1.PortMapping): PortMapping {
  return {
    containerPort: port.containerPort,
    hostPort: port.hostPort,
    hostIp: port.hostIp,
    protocol: port.protocol === network.v1.Protocol.PROTOCOL_UDP ? 'udp' : 'tcp',
  };
}
