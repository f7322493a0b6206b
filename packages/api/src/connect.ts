import {
  credentials,
  type ChannelCredentials,
  type ChannelOptions,
  type Client,
  type ClientOptions,
} from '@grpc/grpc-js';
import { unixTarget } from './socket-path';

/** What ts-proto generates for a grpc-js service client (e.g. health.v1.HealthClient). */
export interface ServiceClientConstructor<C extends Client> {
  new (address: string, credentials: ChannelCredentials, options?: Partial<ClientOptions>): C;
  readonly serviceName: string;
}

export interface ConnectOptions {
  /** grpc-js channel options, e.g. { 'grpc.max_receive_message_length': 64 << 20 }. */
  channelOptions?: ChannelOptions;
}

/**
 * Creates a client of `ctor`'s service talking to the daemon listening on the unix socket at
 * `socketPath`. The channel connects lazily on the first call; close it with `client.close()`.
 * Throws SocketPathError for paths the kernel cannot hold (see assertUnixSocketPath).
 */
export function connectUnix<C extends Client>(
  ctor: ServiceClientConstructor<C>,
  socketPath: string,
  options: ConnectOptions = {},
): C {
  return new ctor(unixTarget(socketPath), credentials.createInsecure(), options.channelOptions ?? {});
}

const UNAVAILABLE = 14;

/**
 * Whether a failed call never reached a daemon (no socket, nobody listening, no permission),
 * as opposed to a daemon answering UNAVAILABLE itself: clients print "is it running?" for the
 * first and the daemon's own message for the second.
 */
export function isConnectFailure(err: { code?: unknown; details?: unknown }): boolean {
  return (
    err.code === UNAVAILABLE &&
    typeof err.details === 'string' &&
    /No connection established|ECONNREFUSED|ENOENT|EACCES|connect /.test(err.details)
  );
}
