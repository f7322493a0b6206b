import {
  Server,
  ServerCredentials,
  type ChannelOptions,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { health, unixTarget } from '@berth/api';
import { AlreadyExistsError, UnavailableError } from '../errors/classes';
import type { Logger } from '../logger';
import { wrapImplementation, serviceNameOf } from './handlers';
import { createHealthService } from './health-service';
import { goArchitecture } from './platform';
import { addLazyReflection, REFLECTION_SERVICES } from './reflection';
import { prepareSocketPath, removeSocketIfOurs, secureSocket } from './socket-file';

/** One gRPC service to serve: a generated definition (e.g. images.v1.ImagesService) and handlers. */
export interface ServiceRegistration {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

export interface StartServerOptions {
  socketPath: string;
  services: ServiceRegistration[];
  logger: Logger;
  /** Component name reported by Health.Version, e.g. 'images'. */
  component: string;
  version: string;
  /** Source revision (git commit) reported by Health.Version. */
  revision?: string;
  /** How long in-flight calls may run on after close() or SIGTERM before being cancelled. Default 10 s. */
  shutdownGraceMs?: number;
  /** Close on SIGTERM and SIGINT (default true). The daemon's main awaits `closed`, then exits. */
  handleSignals?: boolean;
  channelOptions?: ChannelOptions;
}

export interface ServerHandle {
  readonly socketPath: string;
  readonly server: Server;
  /** Health status of the daemon: NOT_SERVING while it recovers or drains. */
  setServing(serving: boolean): void;
  /** Stops taking calls, lets in-flight ones finish within the grace period, removes the socket. */
  close(): Promise<void>;
  /** Resolves once the server has shut down, whoever asked (close() or a signal). */
  readonly closed: Promise<void>;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

function bind(server: Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.bindAsync(unixTarget(socketPath), ServerCredentials.createInsecure(), (err) =>
      err ? reject(err) : resolve(),
    );
  });
}

function shutdown(server: Server, graceMs: number, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      log.warn({ grace_ms: graceMs }, 'calls still running after the grace period; cancelling them');
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Serves `services` plus berth.health.v1.Health and gRPC server reflection on a unix socket.
 * Refuses to start if another daemon answers on the socket, removes a stale one, binds with
 * mode 0660, and shuts down gracefully on close() or SIGTERM/SIGINT. Handlers are wrapped (see
 * wrapImplementation): errors they throw reach callers as the matching gRPC status.
 */
export async function startServer(options: StartServerOptions): Promise<ServerHandle> {
  const { socketPath, logger: log, component } = options;
  const graceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  await prepareSocketPath(socketPath, component, log);

  const server = new Server(options.channelOptions);
  const names = options.services.map((service) => serviceNameOf(service.definition));
  const healthName = serviceNameOf(health.v1.HealthService);
  const healthState = createHealthService({
    component,
    version: options.version,
    revision: options.revision ?? '',
    architecture: goArchitecture(),
    services: [healthName, ...names],
    startedAt: new Date(),
  });
  const registrations = [
    ...options.services,
    { definition: health.v1.HealthService, implementation: healthState.implementation },
  ];
  for (const { definition, implementation } of registrations) {
    server.addService(definition, wrapImplementation(definition, implementation, log));
  }
  addLazyReflection(server, [healthName, ...names], log);
  const reflectable = [healthName, ...names, ...REFLECTION_SERVICES];

  try {
    await bind(server, socketPath);
  } catch (err) {
    server.forceShutdown();
    const message = (err as Error).message;
    if (/EADDRINUSE/.test(message)) {
      throw new AlreadyExistsError(`${component} is already running at ${socketPath}`, {
        reason: 'DAEMON_RUNNING',
        details: { socket: socketPath },
      });
    }
    throw new UnavailableError(`${component} cannot listen on ${socketPath}: ${message}`, {
      reason: 'LISTEN_FAILED',
      details: { socket: socketPath },
      cause: err,
    });
  }
  let inode: number;
  try {
    inode = await secureSocket(socketPath);
  } catch (err) {
    server.forceShutdown();
    throw err;
  }
  healthState.setServing(true);
  log.info({ socket: socketPath, services: reflectable, version: options.version }, 'serving');

  let closing: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down');
    void close();
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      healthState.setServing(false);
      for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
      await shutdown(server, graceMs, log);
      await removeSocketIfOurs(socketPath, inode);
      log.info({ socket: socketPath }, 'stopped');
      markClosed();
    })();
    return closing;
  };
  if (options.handleSignals ?? true) for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);

  return { socketPath, server, setServing: healthState.setServing, close, closed };
}
