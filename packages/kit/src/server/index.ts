export { callContext, type CallContext } from './call-context';
export { wrapImplementation, serviceNameOf } from './handlers';
export { SOCKET_DIR_MODE, SOCKET_MODE } from './socket-file';
export {
  DEFAULT_SHUTDOWN_GRACE_MS,
  startServer,
  type ServerHandle,
  type ServiceRegistration,
  type StartServerOptions,
} from './start-server';
