import { rm } from 'node:fs/promises';
import { DataLossError } from '@berth/kit';
import { applyNft } from '../firewall/nft';
import { fullTableScript } from '../firewall/ruleset';
import { deleteLinks, linkExists, linksWithPrefix } from '../link/host-links';
import type { ContainerRecord, EndpointRecord } from '../model';
import { isNetns } from '../netns/netns';
import type { NetworkManager } from './network-manager';
import { dnsNames, firewallState } from './views';

/** Whether a ready endpoint still exists in the kernel (its namespace and host veth). */
async function endpointAlive(
  manager: NetworkManager,
  container: ContainerRecord,
  endpoint: EndpointRecord,
): Promise<boolean> {
  if (!(await isNetns(container.netnsPath))) return false;
  const network = manager.networks.get(endpoint.networkId);
  if (!network) return false;
  return network.driver === 'cni' || (await linkExists(endpoint.hostVeth));
}

/** Undoes what a half-made or dead endpoint may have left (veth, CNI plugin state). */
async function discardEndpoint(
  manager: NetworkManager,
  container: ContainerRecord,
  endpoint: EndpointRecord,
): Promise<void> {
  const network = manager.networks.get(endpoint.networkId);
  if (network?.driver === 'cni') {
    await manager.cni
      .del(network.cniConflist ?? '', {
        containerId: container.containerId,
        netnsPath: container.netnsPath,
        ifname: endpoint.ifname,
        ports: endpoint.ports,
      })
      .catch((error) =>
        manager.log.warn({ err: error, container: container.containerId }, 'CNI DEL during reconcile failed'),
      );
  } else if (endpoint.hostVeth) {
    await deleteLinks([endpoint.hostVeth]);
  }
}

/**
 * Makes the host match the state directory after a start, a crash or a reboot:
 * networks' bridges are (re)created, pending endpoints (an attach cut short) are undone, endpoints
 * whose namespace or veth vanished are dropped, veths and bridges with Berth's prefixes that no
 * record explains are deleted, and the firewall table is rewritten whole in one transaction.
 * IPAM, the port table and DNS records are rebuilt from the surviving endpoints only.
 */
export async function reconcile(manager: NetworkManager): Promise<void> {
  const { options, log } = manager;
  await manager.networkStore.open();
  await manager.containerStore.open();

  const torn: string[] = [];
  const onTornAttachment = (file: string, error: unknown) => {
    log.warn({ file, err: error }, 'dropping an unreadable attachment record (torn by a power cut)');
    torn.push(file);
  };
  const onBadNetwork = (file: string, error: unknown) => {
    // Network records are fsynced, so this is damage from outside: refuse to guess.
    throw new DataLossError(`network record ${file} is unreadable: ${String(error)}`, {
      reason: 'STATE_CORRUPT',
    });
  };
  for (const network of (await manager.networkStore.readAll(onBadNetwork)).values()) {
    manager.networks.set(network.id, network);
    await manager.bringUpNetwork(network);
  }

  const keptVeths = new Set<string>();
  for (const container of (await manager.containerStore.readAll(onTornAttachment)).values()) {
    const kept: EndpointRecord[] = [];
    for (const endpoint of container.endpoints) {
      if (endpoint.state === 'ready' && (await endpointAlive(manager, container, endpoint))) {
        kept.push(endpoint);
        continue;
      }
      log.info(
        { container: container.containerId, ifname: endpoint.ifname, state: endpoint.state },
        'discarding endpoint',
      );
      await discardEndpoint(manager, container, endpoint);
    }
    if (kept.length === 0) {
      await manager.containerStore.delete(container.containerId);
      continue;
    }
    const saved = { ...container, endpoints: kept };
    if (kept.length !== container.endpoints.length)
      await manager.containerStore.put(container.containerId, saved);
    manager.containers.set(container.containerId, saved);
    for (const endpoint of kept) {
      keptVeths.add(endpoint.hostVeth);
      const network = manager.networks.get(endpoint.networkId);
      if (network?.driver === 'bridge')
        manager.ipam.restore(network.id, endpoint.address, container.containerId);
      for (const port of endpoint.ports) manager.ports.restore(port, container.containerId);
      if (endpoint.address)
        manager.records.set(
          container.containerId,
          endpoint.networkId,
          endpoint.address,
          dnsNames(saved, endpoint),
        );
    }
  }

  await Promise.all(torn.map((file) => rm(file, { force: true })));

  const strayVeths = (await linksWithPrefix(options.vethPrefix)).filter((name) => !keptVeths.has(name));
  const bridges = new Set([...manager.networks.values()].map((n) => n.bridge));
  const strayBridges = (await linksWithPrefix(options.bridgePrefix)).filter((name) => !bridges.has(name));
  if (strayVeths.length + strayBridges.length > 0) {
    log.info({ veths: strayVeths, bridges: strayBridges }, 'deleting links no record explains');
    await deleteLinks([...strayVeths, ...strayBridges]);
  }

  await applyNft(
    fullTableScript(options.table, firewallState(manager.networks.values(), manager.containers.values())),
  );

  // After the table exists: creating a network adds its elements to it.
  if (
    options.defaultNetwork &&
    ![...manager.networks.values()].some((n) => n.name === options.defaultNetwork?.name)
  ) {
    await manager.createNetworkLocked(
      {
        name: options.defaultNetwork.name,
        bridgeName: options.defaultNetwork.bridge,
        ...(options.defaultNetwork.subnet ? { subnet: options.defaultNetwork.subnet } : {}),
      },
      true,
    );
  }
}
