import { mkdir } from 'node:fs/promises';
import { acquireFileLock, KeyedMutex } from '@berth/kit';
import { CniDriver, loadConfList } from '../cni/cni-driver';
import { DnsServer } from '../dns/dns-server';
import { DnsRecords } from '../dns/records';
import { HostUpstreams } from '../dns/upstreams';
import {
  AttachmentNotFoundError,
  NetworkInUseError,
  NetworkNotFoundError,
  FailedPreconditionError,
  InvalidArgumentError,
} from '../errors';
import { applyNft } from '../firewall/nft';
import { NftSession } from '../firewall/nft-session';
import { addNetworkScript, fullTableScript, removeNetworkScript } from '../firewall/ruleset';
import { parseIPv4 } from '../ip/ipv4';
import { macForIPv4 } from '../ip/mac';
import { Ipam } from '../ipam/ipam';
import { routedPrefixes } from '../ipam/subnet-pool';
import { ensureBridge, removeBridge, setDefaultRoute } from '../link/bridge-driver';
import { hostRoutesJson, linkExists, setSysctl } from '../link/host-links';
import { checkIfname, hostVethName } from '../link/interface-name';
import { IpBatchPool } from '../link/ip-pool';
import { LinkMonitor } from '../link/link-monitor';
import type { AttachResult, ContainerRecord, EndpointRecord, NetworkRecord } from '../model';
import { NetnsStore, requireNetns } from '../netns/netns';
import { PortTable } from '../ports/port-table';
import { JsonDir } from '../state/json-dir';
import { buildNetworkRecord, type CreateNetworkRequest } from './network-spec';
import { statePaths, type ManagerOptions } from './options';
import { reconcile } from './reconcile';
import { nextIfname, validateAttachRequest, type AttachRequest } from './attach-request';
import { buildAttachResult } from './attach-result';
import { EndpointPlumbing } from './endpoint-plumbing';
import { dnsNames, firewallNetwork, firewallState, networkView, type NetworkView } from './views';

/** Minimal logger shape (bunyan's), so the library runs with or without the daemon's logger. */
export interface ManagerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Every mutation takes this one key: they are short and must see each other's effects. */
const STATE = 'state';

/**
 * The network manager: owns networks, container endpoints, IPAM, published ports, firewall
 * elements and DNS records, and keeps them in step with the kernel. Every mutation runs under
 * one mutex; each one persists a journal record before touching the kernel, so a crash at any
 * point is repaired by `reconcile` on the next start.
 */
export class NetworkManager {
  /** @internal state shared with reconcile */
  readonly networks = new Map<string, NetworkRecord>();
  /** @internal */
  readonly containers = new Map<string, ContainerRecord>();
  /** @internal */
  readonly ipam = new Ipam();
  /** @internal */
  readonly ports: PortTable;
  /** @internal */
  readonly records = new DnsRecords();
  /** @internal */
  readonly networkStore: JsonDir<NetworkRecord>;
  /** @internal */
  readonly containerStore: JsonDir<ContainerRecord>;
  /** @internal */
  readonly cni: CniDriver;
  /** @internal */
  dns!: DnsServer;
  readonly netns: NetnsStore;
  /** Element changes of the firewall, as transactions of one long-lived nft. */
  private readonly nft = new NftSession();
  private readonly linkMonitor = new LinkMonitor((reason) =>
    this.log.warn(
      { reason },
      'link monitor stopped: detaches wait for the kernel to free veths until it runs again',
    ),
  );
  /** Host-namespace link changes, by long-lived ip processes. */
  private readonly ipPool = new IpBatchPool();
  private readonly plumbing: EndpointPlumbing;
  private readonly mutex = new KeyedMutex();
  private releaseLock: () => Promise<void> = async () => undefined;

  private constructor(
    readonly options: ManagerOptions,
    readonly log: ManagerLog,
  ) {
    const paths = statePaths(options);
    // Networks are configuration: fsynced. Attachments mirror kernel state that a reboot wipes
    // and are written twice per attach: crash-safe renames without fsync (see JsonDir).
    this.networkStore = new JsonDir(paths.networks, true);
    this.containerStore = new JsonDir(paths.containers, false);
    this.cni = new CniDriver(options.cniPluginDirs, paths.cniCache);
    this.netns = new NetnsStore(paths.netns);
    this.ports = new PortTable(options.portRange);
    this.plumbing = new EndpointPlumbing(
      options.table,
      this.cni,
      this.nft,
      this.linkMonitor,
      this.ipPool,
      async (without) => {
        this.log.warn({}, 'firewall out of step; rewriting the table');
        const rest = [...this.containers.values()].map((c) => ({
          ...c,
          endpoints: c.endpoints.filter((e) => e !== without),
        }));
        await applyNft(fullTableScript(options.table, firewallState(this.networks.values(), rest)));
      },
    );
  }

  /** Takes the state lock, repairs host state left by a previous run, starts DNS. */
  static async open(options: ManagerOptions, log: ManagerLog): Promise<NetworkManager> {
    const manager = new NetworkManager(options, log);
    await mkdir(options.stateDir, { recursive: true, mode: 0o700 });
    const lock = await acquireFileLock(statePaths(options).lock);
    manager.releaseLock = () => lock.release();
    // Listening from the start, so the first detach already hears its links go.
    manager.linkMonitor.start();
    manager.ipPool.warm();
    try {
      const fixed = options.upstreams;
      const host = new HostUpstreams(options.resolvConf);
      const upstreams = fixed ? () => fixed : () => host.current();
      manager.dns = new DnsServer({
        records: manager.records,
        domain: options.dnsDomain,
        upstreams,
        onError: (error) => log.warn({ err: error }, 'dns query failed'),
      });
      await manager.mutex.run(STATE, () => reconcile(manager));
    } catch (error) {
      await manager.dns?.close();
      await manager.stopHelpers();
      await manager.releaseLock();
      throw error;
    }
    return manager;
  }

  /** Stops serving DNS and releases the state; containers keep their networking. */
  async close(): Promise<void> {
    await this.mutex.run(STATE, async () => {
      await this.dns.close();
      await this.stopHelpers();
      await this.releaseLock();
    });
  }

  private async stopHelpers(): Promise<void> {
    // The monitor waits for deletions still in the kernel, which run in the pool's helpers.
    await Promise.all([this.nft.close(), this.linkMonitor.close()]);
    await this.ipPool.close();
  }

  // ---------------------------------------------------------------- networks

  findNetwork(ref: string): NetworkRecord {
    for (const network of this.networks.values())
      if (network.name === ref || network.id === ref) return network;
    const byPrefix = [...this.networks.values()].filter((n) => ref.length >= 6 && n.id.startsWith(ref));
    if (byPrefix.length === 1) return byPrefix[0];
    throw new NetworkNotFoundError(ref);
  }

  listNetworks(): NetworkView[] {
    return [...this.networks.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((n) => networkView(n, this.containers.values()));
  }

  inspectNetwork(ref: string): NetworkView {
    return networkView(this.findNetwork(ref), this.containers.values());
  }

  createNetwork(request: CreateNetworkRequest): Promise<NetworkRecord> {
    return this.mutex.run(STATE, () => this.createNetworkLocked(request));
  }

  /**
   * @internal also used by reconcile for the default network, whose bridge may be left from an
   * earlier run (`adoptBridge`). Any other bridge name must be free: a network would otherwise
   * take over, and on removal delete, another tool's bridge.
   */
  async createNetworkLocked(request: CreateNetworkRequest, adoptBridge = false): Promise<NetworkRecord> {
    if (request.driver === 'cni' && request.cniConflist) await loadConfList(request.cniConflist);
    const network = buildNetworkRecord(request, {
      existing: [...this.networks.values()],
      hostRoutes: routedPrefixes(await hostRoutesJson()),
      pools: this.options.addressPools,
      bridgePrefix: this.options.bridgePrefix,
      defaultMtu: this.options.defaultMtu,
    });
    if (network.bridge && !adoptBridge && (await linkExists(network.bridge))) {
      throw new InvalidArgumentError(`bridge_name: ${network.bridge} already exists on the host`, {
        reason: 'BRIDGE_EXISTS',
      });
    }
    // The record goes first: a crash before the bridge exists is completed by reconcile.
    await this.networkStore.put(network.id, network);
    try {
      await this.bringUpNetwork(network);
      if (network.driver === 'bridge')
        await this.nft.apply(addNetworkScript(this.options.table, firewallNetwork(network)));
    } catch (error) {
      await this.tearDownNetwork(network).catch(() => undefined);
      await this.networkStore.delete(network.id);
      throw error;
    }
    this.networks.set(network.id, network);
    this.log.info({ network: network.name, id: network.id, subnet: network.subnet }, 'network created');
    return network;
  }

  /** @internal bridge, sysctls, IPAM and DNS listener of a network (not its firewall elements). */
  async bringUpNetwork(network: NetworkRecord): Promise<void> {
    if (network.driver !== 'bridge') return;
    await ensureBridge(network);
    if (!network.internal && this.options.enableIpForward)
      await setSysctl(['net', 'ipv4', 'ip_forward'], '1');
    this.ipam.addNetwork(network.id, network.subnet, network.ipRange, network.gateway);
    // Without its resolver a network still carries traffic (another program may hold port 53 on
    // every address); say so loudly rather than refuse the network.
    await this.dns
      .listen(network.id, network.gateway, this.options.dnsPort)
      .catch((error: unknown) =>
        this.log.warn({ err: error, network: network.name }, 'container DNS unavailable on this network'),
      );
  }

  private async tearDownNetwork(network: NetworkRecord): Promise<void> {
    if (network.driver !== 'bridge') return;
    await this.dns.unlisten(network.id);
    this.ipam.removeNetwork(network.id);
    this.records.removeNetwork(network.id);
    await removeBridge(network);
  }

  removeNetwork(ref: string, force: boolean): Promise<void> {
    return this.mutex.run(STATE, async () => {
      const network = this.findNetwork(ref);
      if (this.options.defaultNetwork?.name === network.name) {
        throw new FailedPreconditionError(
          `network ${network.name} is the default network and cannot be removed`,
        );
      }
      const users = [...this.containers.values()].filter((c) =>
        c.endpoints.some((e) => e.networkId === network.id),
      );
      if (users.length > 0 && !force)
        throw new NetworkInUseError(
          network.name,
          users.map((c) => c.name || c.containerId),
        );
      for (const container of users) await this.detachLocked(container.containerId, network.id);
      await this.removeNetworkLocked(network);
    });
  }

  private async removeNetworkLocked(network: NetworkRecord): Promise<void> {
    if (network.driver === 'bridge')
      await this.nft.apply(removeNetworkScript(this.options.table, firewallNetwork(network)));
    await this.tearDownNetwork(network);
    await this.networkStore.delete(network.id);
    this.networks.delete(network.id);
    this.log.info({ network: network.name, id: network.id }, 'network removed');
  }

  /** Removes every network no container uses (never the default one); returns their names. */
  pruneNetworks(): Promise<string[]> {
    return this.mutex.run(STATE, async () => {
      const used = new Set([...this.containers.values()].flatMap((c) => c.endpoints.map((e) => e.networkId)));
      const removed: string[] = [];
      for (const network of [...this.networks.values()]) {
        if (used.has(network.id) || network.name === this.options.defaultNetwork?.name) continue;
        await this.removeNetworkLocked(network);
        removed.push(network.name);
      }
      return removed;
    });
  }

  // ---------------------------------------------------------------- attach / detach

  listContainers(): ContainerRecord[] {
    return [...this.containers.values()];
  }

  attach(request: AttachRequest): Promise<AttachResult> {
    return this.mutex.run(STATE, () => this.attachLocked(request));
  }

  private async attachLocked(request: AttachRequest): Promise<AttachResult> {
    const network = this.findNetwork(request.network);
    const existing = this.containers.get(request.containerId);
    validateAttachRequest(request, network, existing);
    await requireNetns(request.netnsPath, 'netns_path');

    const ifname = checkIfname(request.ifname || nextIfname(existing), 'ifname');
    const owner = request.containerId;
    const isBridge = network.driver === 'bridge';
    const address = isBridge ? this.ipam.allocate(network.id, owner, request.ip || undefined) : '';
    let ports: EndpointRecord['ports'];
    try {
      ports = await this.ports.reserve(request.ports ?? [], owner);
    } catch (error) {
      if (address) this.ipam.release(network.id, address);
      throw error;
    }
    const endpoint: EndpointRecord = {
      networkId: network.id,
      ifname,
      hostVeth: isBridge ? hostVethName(this.options.vethPrefix, owner, network.id) : '',
      address,
      prefix: isBridge ? Number(network.subnet.split('/')[1]) : 0,
      gateway: network.gateway,
      mac: request.mac || (address ? macForIPv4(parseIPv4(address, 'ip')) : ''),
      aliases: [...new Set(request.aliases ?? [])],
      ports,
      defaultRoute: isBridge && !network.internal && !existing?.endpoints.some((e) => e.defaultRoute),
      state: 'pending',
    };
    const container: ContainerRecord = existing ?? {
      containerId: owner,
      name: request.name ?? '',
      netnsPath: request.netnsPath,
      endpoints: [],
    };
    const withPending = { ...container, endpoints: [...container.endpoints, endpoint] };

    const undoBookkeeping = () => {
      if (address) this.ipam.release(network.id, address);
      this.ports.release(ports, owner);
    };
    // The journal entry: from here on a crash is undone by reconcile.
    try {
      await this.containerStore.put(owner, withPending);
    } catch (error) {
      undoBookkeeping();
      throw error;
    }
    try {
      await this.plumbing.plug(network, container, endpoint);
    } catch (error) {
      undoBookkeeping();
      if (container.endpoints.length > 0) await this.containerStore.put(owner, container);
      else await this.containerStore.delete(owner);
      throw error;
    }
    endpoint.state = 'ready';
    const saved = { ...container, endpoints: [...container.endpoints, endpoint] };
    await this.containerStore.put(owner, saved);
    this.containers.set(owner, saved);
    if (endpoint.address) this.records.set(owner, network.id, endpoint.address, dnsNames(saved, endpoint));
    this.log.info({ container: owner, network: network.name, address: endpoint.address, ifname }, 'attached');
    return buildAttachResult(saved, endpoint, this.networks, this.options.dnsDomain);
  }

  /** Detaches a container from one network, or from all when `networkRef` is empty. */
  detach(containerId: string, networkRef = ''): Promise<void> {
    return this.mutex.run(STATE, async () => {
      const container = this.containers.get(containerId);
      if (!container)
        throw new AttachmentNotFoundError(`container ${containerId} is not attached to any network`);
      const targets = networkRef
        ? [this.findNetwork(networkRef).id]
        : container.endpoints.map((e) => e.networkId);
      for (const networkId of targets) await this.detachLocked(containerId, networkId);
    });
  }

  private async detachLocked(containerId: string, networkId: string): Promise<void> {
    const container = this.containers.get(containerId);
    const endpoint = container?.endpoints.find((e) => e.networkId === networkId);
    if (!container || !endpoint) {
      throw new AttachmentNotFoundError(`container ${containerId} is not attached to network ${networkId}`);
    }
    const network = this.networks.get(networkId);
    await this.plumbing.unplug(network, container, endpoint);
    this.records.remove(containerId, networkId);
    if (endpoint.address && network?.driver === 'bridge') this.ipam.release(networkId, endpoint.address);
    this.ports.release(endpoint.ports, containerId);
    const rest = container.endpoints.filter((e) => e !== endpoint);
    if (endpoint.defaultRoute) await this.moveDefaultRoute(container, rest);
    if (rest.length === 0) {
      await this.containerStore.delete(containerId);
      this.containers.delete(containerId);
    } else {
      const saved = { ...container, endpoints: rest };
      await this.containerStore.put(containerId, saved);
      this.containers.set(containerId, saved);
    }
    this.log.info({ container: containerId, network: network?.name ?? networkId }, 'detached');
  }

  private async moveDefaultRoute(container: ContainerRecord, rest: EndpointRecord[]): Promise<void> {
    const next = rest.find((e) => {
      const n = this.networks.get(e.networkId);
      return n?.driver === 'bridge' && !n.internal;
    });
    if (!next) return;
    await setDefaultRoute(container.netnsPath, next.ifname, next.gateway).catch((error) =>
      this.log.warn({ err: error, container: container.containerId }, 'cannot move the default route'),
    );
    next.defaultRoute = true;
  }

  // ---------------------------------------------------------------- namespaces

  createNetns(name: string): Promise<string> {
    return this.netns.create(name);
  }

  removeNetns(name: string): Promise<void> {
    return this.netns.remove(name);
  }
}
