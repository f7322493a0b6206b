// The ip(8) batch lines for each kernel change, kept apart from running them so every attach is
// exactly one `ip -batch` in the container's namespace and one batch in the host namespace.

export interface BridgeSpec {
  bridge: string;
  gateway: string;
  prefix: number;
  mtu: number;
}

export interface VethSpec {
  bridge: string;
  hostVeth: string;
  netnsPath: string;
  ifname: string;
  mac: string;
  mtu: number;
  address: string;
  prefix: number;
  gateway: string;
  defaultRoute: boolean;
}

/** Creates (when `exists` is false) and configures a bridge; `addr replace` keeps it idempotent. */
export function bridgeLines(spec: BridgeSpec, exists: boolean): string[] {
  return [
    ...(exists ? [] : [`link add ${spec.bridge} mtu ${spec.mtu} type bridge`]),
    `addr replace ${spec.gateway}/${spec.prefix} dev ${spec.bridge}`,
    `link set ${spec.bridge} up`,
  ];
}

/**
 * Container side, run inside the container namespace: the veth pair, born there under its final
 * name with its host end created straight in `hostNetns` (a path to the host namespace), then the
 * address, link up, and the default route when this endpoint owns it.
 */
export function containerLines(spec: VethSpec, hostNetns: string): string[] {
  return [
    'link set lo up',
    `link add ${spec.ifname} address ${spec.mac} mtu ${spec.mtu} type veth peer name ${spec.hostVeth} mtu ${spec.mtu} netns ${hostNetns}`,
    `addr add ${spec.address}/${spec.prefix} dev ${spec.ifname}`,
    `link set ${spec.ifname} up`,
    ...(spec.defaultRoute ? [`route add default via ${spec.gateway} dev ${spec.ifname}`] : []),
  ];
}

/** Host side, once the pair exists: the host end enslaved to the bridge, hairpin on, up. */
export function hostVethLines(spec: VethSpec): string[] {
  return [
    `link set ${spec.hostVeth} master ${spec.bridge}`,
    // hairpin: a container reaching its own published port goes out and back through this port.
    `link set ${spec.hostVeth} type bridge_slave hairpin on`,
    `link set ${spec.hostVeth} up`,
  ];
}
