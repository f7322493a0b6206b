// The records the manager persists and returns. They are plain JSON so they survive a restart
// unchanged; addresses are kept as dotted strings for readable state files.

export type Protocol = 'tcp' | 'udp';

export interface NetworkRecord {
  id: string;
  name: string;
  driver: 'bridge' | 'cni';
  /** The bridge device (bridge driver only). */
  bridge: string;
  subnet: string;
  gateway: string;
  /** Container addresses come from this range (defaults to the subnet). */
  ipRange: string;
  internal: boolean;
  mtu: number;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** For the cni driver: the conflist file this network runs. */
  cniConflist?: string;
  created: string;
}

/** One published port: host side → container side. hostIp '' means every host address. */
export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

export interface EndpointRecord {
  networkId: string;
  /** Interface name inside the container (eth0, eth1, …). */
  ifname: string;
  /** The host end of the veth pair. */
  hostVeth: string;
  address: string;
  prefix: number;
  gateway: string;
  mac: string;
  aliases: string[];
  ports: PortMapping[];
  /** Whether this endpoint installed the container's default route. */
  defaultRoute: boolean;
  /**
   * 'pending' is written before any kernel change and acts as the journal: a restart finding it
   * undoes whatever part was made; 'ready' once links, addresses and rules are all in place.
   */
  state: 'pending' | 'ready';
}

export interface ContainerRecord {
  containerId: string;
  /** The name other containers resolve; empty for none. */
  name: string;
  netnsPath: string;
  endpoints: EndpointRecord[];
}

/** What an attach returns: everything the engine needs to write resolv.conf and /etc/hosts. */
export interface AttachResult {
  ifname: string;
  address: string;
  prefix: number;
  gateway: string;
  mac: string;
  ports: PortMapping[];
  dnsServers: string[];
  searchDomains: string[];
  hosts: { address: string; names: string[] }[];
}
