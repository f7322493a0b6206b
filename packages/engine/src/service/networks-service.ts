// berth.engine.v1.Networks: passed through to berth-network, answered in docker's shapes.
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { engine, network } from '@berth/api';
import type { ComponentClients } from '../components/component-clients';
import type { ContainerChanges } from '../engine/container-changes';
import type { EventBus } from '../engine/event-bus';

type Unary<Req> = ServerUnaryCall<Req, unknown>;

function summary(info: network.v1.NetworkInfo): engine.v1.NetworkSummary {
  return {
    id: info.id,
    name: info.name,
    driver: info.driver,
    scope: 'local',
    ...(info.created ? { created: info.created } : {}),
    internal: info.internal,
    labels: { ...info.labels },
    subnet: info.subnet,
    gateway: info.gateway,
  };
}

export function networksService(clients: ComponentClients, events: EventBus, changes: ContainerChanges) {
  return {
    async connectNetwork(
      call: Unary<engine.v1.ConnectNetworkRequest>,
    ): Promise<engine.v1.ConnectNetworkResponse> {
      const { network: name, container, aliases, ipv4Address } = call.request;
      await changes.connect(container, { network: name, aliases, ipv4Address });
      return {};
    },

    async disconnectNetwork(
      call: Unary<engine.v1.DisconnectNetworkRequest>,
    ): Promise<engine.v1.DisconnectNetworkResponse> {
      await changes.disconnect(call.request.container, call.request.network, call.request.force);
      return {};
    },

    async createNetwork(
      call: Unary<engine.v1.CreateNetworkRequest>,
    ): Promise<engine.v1.CreateNetworkResponse> {
      const r = call.request;
      const { network: info } = await clients.network.call.createNetwork({
        name: r.name,
        driver: r.driver,
        subnet: r.subnet,
        gateway: r.gateway,
        ipRange: r.ipRange,
        internal: r.internal,
        labels: r.labels,
        options: r.options,
        mtu: 0,
        bridgeName: '',
        cniConflist: '',
      });
      events.publish('network', 'create', info?.id ?? r.name, { name: r.name, type: r.driver || 'bridge' });
      return { id: info?.id ?? '', warnings: [] };
    },

    async listNetworks(): Promise<engine.v1.ListNetworksResponse> {
      const { networks } = await clients.network.call.listNetworks({});
      return { networks: networks.map(summary) };
    },

    async inspectNetwork(
      call: Unary<engine.v1.InspectNetworkRequest>,
    ): Promise<engine.v1.InspectNetworkResponse> {
      const { network: info } = await clients.network.call.inspectNetwork({ network: call.request.name });
      if (!info) return { json: '{}' };
      return {
        json: JSON.stringify({
          Name: info.name,
          Id: info.id,
          Created: info.created?.toISOString() ?? '',
          Scope: 'local',
          Driver: info.driver,
          IPAM: {
            Driver: 'default',
            Config: [
              {
                Subnet: info.subnet,
                Gateway: info.gateway,
                ...(info.ipRange ? { IPRange: info.ipRange } : {}),
              },
            ],
          },
          Internal: info.internal,
          Containers: Object.fromEntries(
            info.containers.map((c) => [
              c.containerId,
              { Name: c.name, EndpointID: c.ifname, MacAddress: c.mac, IPv4Address: c.address },
            ]),
          ),
          Options: info.options,
          Labels: info.labels,
        }),
      };
    },

    async removeNetwork(
      call: Unary<engine.v1.RemoveNetworkRequest>,
    ): Promise<engine.v1.RemoveNetworkResponse> {
      await clients.network.call.removeNetwork({ network: call.request.name, force: false });
      events.publish('network', 'destroy', call.request.name, { name: call.request.name });
      return {};
    },

    async pruneNetworks(): Promise<engine.v1.PruneNetworksResponse> {
      const { removed } = await clients.network.call.pruneNetworks({});
      for (const name of removed) events.publish('network', 'destroy', name, { name });
      return { networksDeleted: removed };
    },
  };
}
