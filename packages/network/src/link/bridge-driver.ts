import type { NetworkRecord } from '../model';
import { containerLines, bridgeLines, hostVethLines, type VethSpec } from './scripts';
import { deleteLinks, linkExists, setSysctl } from './host-links';
import { ipBatch, ipBatchHostThenNetns } from './ip-batch';

/** Creates the network's bridge if needed and gives it the gateway address; idempotent. */
export async function ensureBridge(network: NetworkRecord): Promise<void> {
  const prefix = Number(network.subnet.split('/')[1]);
  const exists = await linkExists(network.bridge);
  await ipBatch(
    bridgeLines({ bridge: network.bridge, gateway: network.gateway, prefix, mtu: network.mtu }, exists),
  );
  // Lets DNAT from 127.0.0.1 leave through the bridge; the firewall's guard chain drops the
  // reverse direction (CVE-2020-8558).
  await setSysctl(['net', 'ipv4', 'conf', network.bridge, 'route_localnet'], '1');
}

export async function removeBridge(network: NetworkRecord): Promise<void> {
  await deleteLinks([network.bridge]);
}

/**
 * Connects a container namespace to a bridge: one `ip -batch` on the host (veth pair whose peer
 * is born in the namespace under its final name) and one inside the namespace (address, route),
 * from one spawn. If either fails the veth (and with it the peer) is deleted, so nothing
 * half-made is left.
 */
export async function attachVeth(spec: VethSpec): Promise<void> {
  try {
    await ipBatchHostThenNetns(hostVethLines(spec), containerLines(spec), spec.netnsPath);
  } catch (error) {
    await deleteLinks([spec.hostVeth]).catch(() => undefined);
    throw error;
  }
}

/** Deleting the host end removes the peer inside the container too. */
export async function detachVeth(hostVeth: string): Promise<void> {
  await deleteLinks([hostVeth]);
}

/** Re-points the container's default route at another of its networks' gateways. */
export async function setDefaultRoute(netnsPath: string, ifname: string, gateway: string): Promise<void> {
  await ipBatch([`route replace default via ${gateway} dev ${ifname}`], netnsPath);
}
