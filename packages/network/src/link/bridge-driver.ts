import { readFileSync } from 'node:fs';
import type { NetworkRecord } from '../model';
import type { LinkMonitor } from './link-monitor';
import { containerLines, bridgeLines, hostVethLines, type VethSpec } from './scripts';
import { deleteLinks, linkExists, setSysctl } from './host-links';
import { ipBatch } from './ip-batch';
import type { IpBatchPool } from './ip-pool';

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
 * Connects a container namespace to a bridge: one `ip -batch` inside the namespace (the veth
 * pair, whose host end is born in the host namespace, then address and route), then one batch
 * in the host namespace by a long-lived helper (bridge port, up). That is one spawn and two
 * programs, where creating the pair from the host side needs a second `ip` (or a shell). If
 * either fails the veth (and with it the peer) is deleted, so nothing half-made is left.
 */
export async function attachVeth(spec: VethSpec, pool: IpBatchPool): Promise<void> {
  try {
    // The daemon's own namespace, by a path the ip inside the container namespace can open.
    await ipBatch(containerLines(spec, `/proc/${process.pid}/ns/net`), spec.netnsPath);
    await pool.run(hostVethLines(spec));
  } catch (error) {
    await deleteLinks([spec.hostVeth]).catch(() => undefined);
    throw error;
  }
}

/** A link's index from sysfs, or undefined when there is no such link. */
function sysfsIndex(name: string, attribute: 'ifindex' | 'iflink'): number | undefined {
  try {
    // A few bytes from sysfs, no disk: cheaper inline than a thread-pool round trip.
    return Number(readFileSync(`/sys/class/net/${name}/${attribute}`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Deletes a container's veth: the host end, and with it the peer (`ifname`) inside the
 * container. Returns as soon as the kernel has announced both ends deleted; the `ip` helper
 * then still waits in the kernel for the devices' memory to be freed, which `monitor` tracks
 * (see LinkMonitor). Without the announcements (monitor not listening) it returns when ip does.
 */
export async function detachVeth(
  hostVeth: string,
  ifname: string,
  monitor: LinkMonitor,
  pool: IpBatchPool,
): Promise<void> {
  const ifindex = sysfsIndex(hostVeth, 'ifindex');
  const peer = sysfsIndex(hostVeth, 'iflink');
  // Gone already: its namespace was removed, which takes the pair with it.
  if (ifindex === undefined || peer === undefined) return;
  const wait = monitor.awaitDeletion([
    { ifindex, name: hostVeth, foreign: false },
    { ifindex: peer, name: ifname, foreign: true },
  ]);
  const deleting = pool.run([`link del ${hostVeth}`]).catch((error: unknown) => {
    // Lost a race with the namespace's removal, which deleted the pair: what was asked is done.
    if (sysfsIndex(hostVeth, 'ifindex') === ifindex) throw error;
  });
  monitor.settle(deleting);
  try {
    await Promise.race([wait.deleted, deleting]);
  } finally {
    wait.cancel();
  }
}

/** Re-points the container's default route at another of its networks' gateways. */
export async function setDefaultRoute(netnsPath: string, ifname: string, gateway: string): Promise<void> {
  await ipBatch([`route replace default via ${gateway} dev ${ifname}`], netnsPath);
}
