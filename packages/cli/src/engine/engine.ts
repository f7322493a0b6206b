import type {
  CallOptions,
  ClientDuplexStream,
  ClientReadableStream,
  ClientUnaryCall,
  ClientWritableStream,
  Metadata,
  ServiceError,
} from '@grpc/grpc-js';
import { createEngineClient, type EngineClient } from '@berth/api';
import { toEngineError } from './status-error';

type Callback<R> = (error: ServiceError | null, response: R) => void;
type ServiceName = Exclude<keyof EngineClient, 'close'>;

// ts-proto declares each method's overloads with the fullest signature last, which is the one
// conditional types infer from.
type UnarySignature<Q, R> = (
  request: Q,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<R>,
) => ClientUnaryCall;
type ServerStreamSignature<Q, R> = (
  request: Q,
  metadata?: Metadata,
  options?: Partial<CallOptions>,
) => ClientReadableStream<R>;
type DuplexSignature<Q, R> = (metadata: Metadata, options?: Partial<CallOptions>) => ClientDuplexStream<Q, R>;
type ClientStreamSignature<Q, R> = (
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: Callback<R>,
) => ClientWritableStream<Q>;

type MethodsOf<S extends ServiceName, Signature> = {
  [M in keyof EngineClient[S]]: EngineClient[S][M] extends Signature ? M : never;
}[keyof EngineClient[S]];

type UnaryTypes<F> = F extends UnarySignature<infer Q, infer R> ? [Q, R] : never;
type ServerStreamTypes<F> = F extends ServerStreamSignature<infer Q, infer R> ? [Q, R] : never;
type DuplexTypes<F> = F extends DuplexSignature<infer Q, infer R> ? [Q, R] : never;
type ClientStreamTypes<F> = F extends ClientStreamSignature<infer Q, infer R> ? [Q, R] : never;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServiceUnary = UnarySignature<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyServerStream = ServerStreamSignature<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDuplex = DuplexSignature<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyClientStream = ClientStreamSignature<any, any>;

type Invocable = (...args: unknown[]) => unknown;

/**
 * berthd's services as promises and async iterables, with every failure turned into an
 * EngineError (see toEngineError). One Engine per CLI run; close() releases the channel.
 */
export class Engine {
  constructor(
    private readonly client: EngineClient,
    readonly socketPath: string,
  ) {}

  /** A unary call: `await engine.call('containers', 'startContainer', { id })`. */
  call<S extends ServiceName, M extends MethodsOf<S, AnyServiceUnary>>(
    service: S,
    method: M,
    request: UnaryTypes<EngineClient[S][M]>[0],
  ): Promise<UnaryTypes<EngineClient[S][M]>[1]> {
    return new Promise((resolve, reject) => {
      this.method(service, method)(request, (error: ServiceError | null, response: unknown) => {
        if (error) reject(toEngineError(error, this.socketPath));
        else resolve(response as UnaryTypes<EngineClient[S][M]>[1]);
      });
    });
  }

  /** A server-streaming call as an async iterable; a failure throws from the loop. */
  async *stream<S extends ServiceName, M extends MethodsOf<S, AnyServerStream>>(
    service: S,
    method: M,
    request: ServerStreamTypes<EngineClient[S][M]>[0],
  ): AsyncGenerator<ServerStreamTypes<EngineClient[S][M]>[1]> {
    const call = this.method(service, method)(request) as ClientReadableStream<
      ServerStreamTypes<EngineClient[S][M]>[1]
    >;
    try {
      for await (const message of call) yield message;
    } catch (err) {
      throw toEngineError(err, this.socketPath);
    } finally {
      call.cancel();
    }
  }

  /** A bidirectional stream (attach, exec); errors surface as 'error' events, mapped with mapError. */
  duplex<S extends ServiceName, M extends MethodsOf<S, AnyDuplex>>(
    service: S,
    method: M,
  ): ClientDuplexStream<DuplexTypes<EngineClient[S][M]>[0], DuplexTypes<EngineClient[S][M]>[1]> {
    return this.method(service, method)() as ClientDuplexStream<
      DuplexTypes<EngineClient[S][M]>[0],
      DuplexTypes<EngineClient[S][M]>[1]
    >;
  }

  /** A client-streaming call: write requests to `stream`, await `response`. */
  upload<S extends ServiceName, M extends MethodsOf<S, AnyClientStream>>(
    service: S,
    method: M,
  ): {
    stream: ClientWritableStream<ClientStreamTypes<EngineClient[S][M]>[0]>;
    response: Promise<ClientStreamTypes<EngineClient[S][M]>[1]>;
  } {
    let stream!: ClientWritableStream<ClientStreamTypes<EngineClient[S][M]>[0]>;
    const response = new Promise<ClientStreamTypes<EngineClient[S][M]>[1]>((resolve, reject) => {
      stream = this.method(
        service,
        method,
      )((error: ServiceError | null, value: unknown) => {
        if (error) reject(toEngineError(error, this.socketPath));
        else resolve(value as ClientStreamTypes<EngineClient[S][M]>[1]);
      }) as ClientWritableStream<ClientStreamTypes<EngineClient[S][M]>[0]>;
    });
    return { stream, response };
  }

  /** The EngineError for a failure seen on a duplex stream's 'error' event. */
  mapError(err: unknown): unknown {
    return toEngineError(err, this.socketPath);
  }

  close(): void {
    this.client.close();
  }

  private method(service: ServiceName, method: PropertyKey): Invocable {
    const serviceClient = this.client[service] as unknown as Record<PropertyKey, Invocable>;
    return serviceClient[method].bind(serviceClient);
  }
}

/**
 * Connects to berthd (lazily: the first call dials). This module is itself required on first
 * use, so grpc-js loads here, not at start-up.
 */
export function connectEngine(socketPath: string): Engine {
  return new Engine(createEngineClient(socketPath), socketPath);
}
