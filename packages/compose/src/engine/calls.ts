// Promise wrappers over grpc-js callbacks and streams; every failure becomes an EngineCallError
// that says which operation on which object failed and the engine's own reason.
import type { ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import { isConnectFailure } from '@berth/api';
import { EngineCallError } from '../errors';

export type Callback<T> = (err: ServiceError | null, response?: T) => void;

export function unary<T>(operation: string, call: (callback: Callback<T>) => unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    call((err, response) => (err ? reject(engineError(operation, err)) : resolve(response as T)));
  });
}

/** Reads a server stream to its end, handing each message to `onMessage`. */
export function readStream<T>(
  operation: string,
  stream: ClientReadableStream<T>,
  onMessage: (message: T) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('data', (message: T) => {
      try {
        onMessage(message);
      } catch (err) {
        stream.cancel();
        reject(err);
      }
    });
    stream.on('error', (err: ServiceError) =>
      isCancelled(err) ? resolve() : reject(engineError(operation, err)),
    );
    stream.on('end', () => resolve());
  });
}

export function engineError(operation: string, err: ServiceError): EngineCallError {
  const reason = isConnectFailure(err)
    ? 'cannot connect to the Berth engine: is berthd running?'
    : err.details || err.message;
  return new EngineCallError(operation, err.code, reason);
}

/** gRPC status NOT_FOUND: the object is already gone, which callers cleaning up accept. */
export function isNotFound(err: unknown): boolean {
  return err instanceof EngineCallError && err.grpcCode === 5;
}

function isCancelled(err: ServiceError): boolean {
  return err.code === 1;
}
