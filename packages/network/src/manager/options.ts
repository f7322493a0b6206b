import path from 'node:path';
import type { Upstream } from '../dns/forwarder';
import { DEFAULT_ADDRESS_POOLS, type AddressPool } from '../ipam/subnet-pool';

/** Where the manager keeps state and how it names what it creates on the host. */
export interface ManagerOptions {
  /** Persistent state ($BERTH_ROOT/network). */
  stateDir: string;
  /** Runtime files: named netns live under `<runDir>/netns`. */
  runDir: string;
  /** The nftables table (family ip) holding every Berth rule. */
  table: string;
  /** Prefix of host veth names (kept short: the rest is a hash). */
  vethPrefix: string;
  /** Prefix of generated bridge names (not docker's br-: reconcile deletes unknown ones). */
  bridgePrefix: string;
  /** The default network, created at start when missing; null for none. */
  defaultNetwork: { name: string; bridge: string; subnet?: string } | null;
  addressPools: AddressPool[];
  defaultMtu: number;
  /** Domain for container names (`web.<domain>`) and the search domain handed to containers. */
  dnsDomain: string;
  dnsPort: number;
  /** Resolvers to forward to; when undefined they are read from `resolvConf`. */
  upstreams?: Upstream[];
  resolvConf: string;
  /** Range for automatic host ports. */
  portRange: [number, number];
  cniPluginDirs: string[];
  /** Turn on net.ipv4.ip_forward (needed for NAT and published ports from other hosts). */
  enableIpForward: boolean;
}

export function defaultOptions(stateDir: string, runDir: string): ManagerOptions {
  return {
    stateDir,
    runDir,
    table: 'berth',
    vethPrefix: 'bveth',
    bridgePrefix: 'berth-',
    defaultNetwork: { name: 'berth0', bridge: 'berth0' },
    addressPools: DEFAULT_ADDRESS_POOLS,
    defaultMtu: 1500,
    dnsDomain: 'berth.internal',
    dnsPort: 53,
    resolvConf: '/etc/resolv.conf',
    portRange: [49153, 60999],
    cniPluginDirs: ['/usr/lib/cni', '/opt/cni/bin'],
    enableIpForward: true,
  };
}

export function statePaths(options: ManagerOptions) {
  return {
    networks: path.join(options.stateDir, 'networks'),
    containers: path.join(options.stateDir, 'containers'),
    cniCache: path.join(options.stateDir, 'cni'),
    lock: path.join(options.stateDir, 'daemon.lock'),
    netns: path.join(options.runDir, 'netns'),
  };
}
