import type { ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { network as api } from '@berth/api';
import type { NetworkManager } from '../manager/network-manager';
import { attachResultToProto, networkToProto, portRequestFromProto } from './convert';

type Unary<Req> = ServerUnaryCall<Req, unknown>;
type pb = typeof api.v1;
type Msg<K extends keyof pb> = pb[K] extends { fromPartial(o: never): infer M } ? M : never;

/**
 * berth.network.v1.Network handlers: decode, call the NetworkManager, shape the answer. kit's
 * server wraps them, so the manager's errors reach callers as their gRPC statuses.
 */
export function networkService(manager: NetworkManager): UntypedServiceImplementation {
  const handlers = {
    async createNetwork({
      request,
    }: Unary<Msg<'CreateNetworkRequest'>>): Promise<Msg<'CreateNetworkResponse'>> {
      const created = await manager.createNetwork({
        name: request.name,
        driver: request.driver,
        subnet: request.subnet,
        gateway: request.gateway,
        ipRange: request.ipRange,
        internal: request.internal,
        labels: request.labels,
        options: request.options,
        mtu: request.mtu,
        bridgeName: request.bridgeName,
        cniConflist: request.cniConflist,
      });
      return { network: networkToProto(manager.inspectNetwork(created.id)) };
    },

    async listNetworks(): Promise<Msg<'ListNetworksResponse'>> {
      return { networks: manager.listNetworks().map(networkToProto) };
    },

    async inspectNetwork({
      request,
    }: Unary<Msg<'InspectNetworkRequest'>>): Promise<Msg<'InspectNetworkResponse'>> {
      return { network: networkToProto(manager.inspectNetwork(request.network)) };
    },

    async removeNetwork({
      request,
    }: Unary<Msg<'RemoveNetworkRequest'>>): Promise<Msg<'RemoveNetworkResponse'>> {
      await manager.removeNetwork(request.network, request.force);
      return {};
    },

    async pruneNetworks(): Promise<Msg<'PruneNetworksResponse'>> {
      return { removed: await manager.pruneNetworks() };
    },

    async createNetns({ request }: Unary<Msg<'CreateNetnsRequest'>>): Promise<Msg<'CreateNetnsResponse'>> {
      return { path: await manager.createNetns(request.name) };
    },

    async removeNetns({ request }: Unary<Msg<'RemoveNetnsRequest'>>): Promise<Msg<'RemoveNetnsResponse'>> {
      await manager.removeNetns(request.name);
      return {};
    },

    async attach({ request }: Unary<Msg<'AttachRequest'>>): Promise<Msg<'AttachResponse'>> {
      const result = await manager.attach({
        containerId: request.containerId,
        name: request.name,
        netnsPath: request.netnsPath,
        network: request.network,
        ifname: request.ifname,
        ip: request.ip,
        mac: request.mac,
        aliases: request.aliases,
        ports: request.ports.map(portRequestFromProto),
      });
      return attachResultToProto(result);
    },

    async detach({ request }: Unary<Msg<'DetachRequest'>>): Promise<Msg<'DetachResponse'>> {
      await manager.detach(request.containerId, request.network);
      return {};
    },
  };
  return handlers as unknown as UntypedServiceImplementation;
}
