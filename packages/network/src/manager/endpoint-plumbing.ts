import type { CniDriver } from '../cni/cni-driver';
import { resultAddress } from '../cni/cni-driver';
import type { NftSession } from '../firewall/nft-session';
import { addPortsScript, removePortsScript } from '../firewall/ruleset';
import { attachVeth, detachVeth } from '../link/bridge-driver';
import type { IpBatchPool } from '../link/ip-pool';
import type { LinkMonitor } from '../link/link-monitor';
import type { ContainerRecord, EndpointRecord, NetworkRecord } from '../model';
import { firewallPorts } from './views';

/**
 * The kernel side of endpoints: veth + addresses + port rules for bridge networks, the plugin
 * chain for CNI networks. Each plug either completes or undoes what it did.
 */
export class EndpointPlumbing {
  constructor(
    private readonly table: string,
    private readonly cni: CniDriver,
    private readonly nft: NftSession,
    private readonly monitor: LinkMonitor,
    private readonly pool: IpBatchPool,
    /** Rewrites the whole firewall table from state, for when element deletes fail. */
    private readonly repairFirewall: (without: EndpointRecord) => Promise<void>,
  ) {}

  /** Plugs the endpoint in; for CNI fills in the address, prefix, gateway and MAC it was given. */
  async plug(network: NetworkRecord, container: ContainerRecord, endpoint: EndpointRecord): Promise<void> {
    if (network.driver === 'cni') return this.plugCni(network, container, endpoint);
    const spec = {
      bridge: network.bridge,
      hostVeth: endpoint.hostVeth,
      netnsPath: container.netnsPath,
      ifname: endpoint.ifname,
      mac: endpoint.mac,
      mtu: network.mtu,
      address: endpoint.address,
      prefix: endpoint.prefix,
      gateway: endpoint.gateway,
      defaultRoute: endpoint.defaultRoute,
    };
    // Links and firewall are independent; doing them side by side halves the attach latency.
    const [links, rules] = await Promise.allSettled([
      attachVeth(spec, this.pool),
      this.nft.apply(addPortsScript(this.table, firewallPorts(endpoint))),
    ]);
    if (links.status === 'fulfilled' && rules.status === 'fulfilled') return;
    if (links.status === 'fulfilled')
      await detachVeth(endpoint.hostVeth, endpoint.ifname, this.monitor, this.pool).catch(() => undefined);
    if (rules.status === 'fulfilled') {
      await this.nft.apply(removePortsScript(this.table, firewallPorts(endpoint))).catch(() => undefined);
    }
    throw links.status === 'rejected' ? links.reason : (rules as PromiseRejectedResult).reason;
  }

  private async plugCni(
    network: NetworkRecord,
    container: ContainerRecord,
    endpoint: EndpointRecord,
  ): Promise<void> {
    const result = await this.cni.add(network.cniConflist ?? '', {
      containerId: container.containerId,
      netnsPath: container.netnsPath,
      ifname: endpoint.ifname,
      ports: endpoint.ports,
    });
    const got = resultAddress(result, endpoint.ifname);
    endpoint.address = got.address;
    endpoint.prefix = got.prefix;
    endpoint.gateway = got.gateway;
    endpoint.mac = got.mac;
  }

  /** Removes the endpoint's veth (its peer goes with it) and port rules, or runs CNI DEL. */
  async unplug(
    network: NetworkRecord | undefined,
    container: ContainerRecord,
    endpoint: EndpointRecord,
  ): Promise<void> {
    if (network?.driver === 'cni') {
      await this.cni.del(network.cniConflist ?? '', {
        containerId: container.containerId,
        netnsPath: container.netnsPath,
        ifname: endpoint.ifname,
        ports: endpoint.ports,
      });
      return;
    }
    await Promise.all([
      detachVeth(endpoint.hostVeth, endpoint.ifname, this.monitor, this.pool),
      this.removePortRules(endpoint),
    ]);
  }

  private async removePortRules(endpoint: EndpointRecord): Promise<void> {
    try {
      await this.nft.apply(removePortsScript(this.table, firewallPorts(endpoint)));
    } catch {
      // Someone changed the table behind our back: rebuild it whole from state.
      await this.repairFirewall(endpoint);
    }
  }
}
