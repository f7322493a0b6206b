// @berth/network: the library behind berth-network. The daemon (src/daemon) serves it over gRPC.
export * from './errors';
export type * from './model';
export { NetworkManager, type ManagerLog } from './manager/network-manager';
export type { AttachRequest } from './manager/attach-request';
export { defaultOptions, type ManagerOptions } from './manager/options';
export type { CreateNetworkRequest } from './manager/network-spec';
export type { NetworkView } from './manager/views';
export { parsePortSpec, validatePortRequest, type PortRequest } from './ports/port-request';
export { DEFAULT_ADDRESS_POOLS, type AddressPool } from './ipam/subnet-pool';
export { Cidr } from './ip/cidr';
export { CniDriver, loadConfList, resultAddress, type CniInvocation, type CniResult } from './cni/cni-driver';
