// Generated messages and services, one namespace per proto package: health.v1.CheckRequest, ...
export * as health from './health';
export * as types from './types';
export * as task from './task';
export * as engine from './engine';
export * as network from './network';
export * as images from './images';

export {
  createEngineClient,
  createHealthClient,
  createImagesClient,
  type ImagesServiceClient,
  createNetworkClient,
  createTaskClient,
  type EngineClient,
} from './clients';
export { connectUnix, isConnectFailure, type ConnectOptions, type ServiceClientConstructor } from './connect';
export { assertUnixSocketPath, MAX_UNIX_SOCKET_PATH_BYTES, SocketPathError, unixTarget } from './socket-path';
export { descriptorSetPath, loadBerthPackageDefinition, readDescriptorSet } from './descriptor-set';
