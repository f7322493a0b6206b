// A light gRPC client with grpc-js's client surface (Client, makeGenericClientConstructor,
// credentials, Metadata, status) for ts-proto's generated clients, over HTTP/2 on a unix socket
// written for one purpose: short-lived programs (the berth CLI) start in a fraction of the time,
// since neither grpc-js nor node:http2 (which loads http, tls and crypto) is loaded. Bundles
// alias '@grpc/grpc-js' to this module; servers and daemons keep grpc-js.
import { Call, type CallOptions } from './call';
import { Channel, unixSocketOf } from './channel';
import {
  ClientDuplexStreamImpl,
  ClientReadableStreamImpl,
  ClientUnaryCallImpl,
  ClientWritableStreamImpl,
  readableListener,
  singleResponseListener,
} from './client-streams';
import { Metadata } from './metadata';
import { status, type ServiceError, type StatusObject } from './status';

export { Channel, Metadata, status, type CallOptions, type ServiceError, type StatusObject };

type Serialize = (value: unknown) => Buffer;
type Deserialize = (bytes: Buffer) => unknown;
type Callback = (error: ServiceError | null, value?: unknown) => void;

export interface ClientOptions {
  /** Share another client's channel (one connection for several services). */
  channelOverride?: Channel;
  [option: string]: unknown;
}

/** Only plaintext over unix sockets: credentials are accepted and ignored. */
export const credentials = {
  createInsecure: (): object => ({ insecure: true }),
};

/** grpc-js's optional (metadata, options, callback) arguments, in any of their allowed forms. */
function splitArguments(args: unknown[]): {
  metadata?: Metadata;
  options?: CallOptions;
  callback?: Callback;
} {
  const result: { metadata?: Metadata; options?: CallOptions; callback?: Callback } = {};
  for (const arg of args) {
    if (typeof arg === 'function') result.callback = arg as Callback;
    else if (arg instanceof Metadata) result.metadata = arg;
    else if (arg && typeof arg === 'object' && typeof (arg as Metadata).getMap === 'function')
      result.metadata = arg as Metadata;
    else if (arg && typeof arg === 'object') result.options = arg as CallOptions;
  }
  return result;
}

function requireCallback(callback: Callback | undefined): Callback {
  if (!callback) throw new TypeError('a callback is required');
  return callback;
}

export class Client {
  private readonly channel: Channel;

  constructor(address: string, _credentials?: unknown, options: ClientOptions = {}) {
    this.channel = options.channelOverride ?? new Channel(unixSocketOf(address));
  }

  getChannel(): Channel {
    return this.channel;
  }

  close(): void {
    this.channel.close();
  }

  makeUnaryRequest(
    path: string,
    serialize: Serialize,
    deserialize: Deserialize,
    argument: unknown,
    ...rest: unknown[]
  ) {
    const { metadata, options, callback } = splitArguments(rest);
    const done = requireCallback(callback);
    const handle = new ClientUnaryCallImpl();
    handle.call = new Call(this.channel, path, deserialize, singleResponseListener(handle, done));
    startWithMessage(handle.call, serialize, argument, metadata, options);
    return handle;
  }

  makeServerStreamRequest(
    path: string,
    serialize: Serialize,
    deserialize: Deserialize,
    argument: unknown,
    ...rest: unknown[]
  ) {
    const { metadata, options } = splitArguments(rest);
    const stream = new ClientReadableStreamImpl();
    stream.call = new Call(this.channel, path, deserialize, readableListener(stream));
    startWithMessage(stream.call, serialize, argument, metadata, options);
    return stream;
  }

  makeClientStreamRequest(path: string, serialize: Serialize, deserialize: Deserialize, ...rest: unknown[]) {
    const { metadata, options, callback } = splitArguments(rest);
    const done = requireCallback(callback);
    const stream = new ClientWritableStreamImpl(serialize);
    stream.call = new Call(this.channel, path, deserialize, singleResponseListener(stream, done));
    stream.call.start(metadata, options);
    return stream;
  }

  makeBidiStreamRequest(path: string, serialize: Serialize, deserialize: Deserialize, ...rest: unknown[]) {
    const { metadata, options } = splitArguments(rest);
    const stream = new ClientDuplexStreamImpl(serialize);
    stream.call = new Call(this.channel, path, deserialize, readableListener(stream));
    stream.call.start(metadata, options);
    return stream;
  }
}

function startWithMessage(
  call: Call,
  serialize: Serialize,
  argument: unknown,
  metadata: Metadata | undefined,
  options: CallOptions | undefined,
): void {
  let bytes: Buffer;
  try {
    bytes = serialize(argument);
  } catch (err) {
    process.nextTick(() =>
      call.cancelWith(status.INTERNAL, `Request message serialization failure: ${(err as Error).message}`),
    );
    return;
  }
  call.start(metadata, options);
  call.sendMessage(bytes);
  call.halfClose();
}

interface MethodDefinition<Q, R> {
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  requestSerialize: (value: Q) => Buffer;
  responseDeserialize: (bytes: Buffer) => R;
  originalName?: string;
}

export interface ServiceClientConstructor {
  new (address: string, credentials?: unknown, options?: ClientOptions): Client;
  service: object;
  serviceName: string;
}

/** A client class with one method per method of `service`, as grpc-js's function makes. */
export function makeGenericClientConstructor(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each method has its own types
  service: Record<string, MethodDefinition<any, any>>,
  serviceName: string,
): ServiceClientConstructor {
  class ServiceClient extends Client {
    static service = service;
    static serviceName = serviceName;
  }
  for (const [name, method] of Object.entries(service)) {
    const invoke = function (this: Client, ...args: unknown[]) {
      const { path } = method;
      const serialize = method.requestSerialize as Serialize;
      const deserialize = method.responseDeserialize as Deserialize;
      if (method.requestStream)
        return method.responseStream
          ? this.makeBidiStreamRequest(path, serialize, deserialize, ...args)
          : this.makeClientStreamRequest(path, serialize, deserialize, ...args);
      return method.responseStream
        ? this.makeServerStreamRequest(path, serialize, deserialize, args[0], ...args.slice(1))
        : this.makeUnaryRequest(path, serialize, deserialize, args[0], ...args.slice(1));
    };
    for (const key of new Set([name, method.originalName].filter((key): key is string => !!key)))
      (ServiceClient.prototype as unknown as Record<string, unknown>)[key] = invoke;
  }
  return ServiceClient;
}
