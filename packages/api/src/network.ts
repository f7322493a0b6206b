// berth.network.v1: the Network service berth-network serves.
export * as v1 from './gen/berth/network/v1/index';
