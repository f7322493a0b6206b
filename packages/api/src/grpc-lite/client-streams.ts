// grpc-js's call objects over a Call: a unary call's handle, and object-mode streams for
// server-, client- and bidirectional streaming, with its events ('metadata', 'status', 'data',
// 'error', 'end') and cancel().
import { Duplex, Readable, Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { Call, CallListener } from './call';
import type { Metadata } from './metadata';
import { serviceError, status, type ServiceError, type StatusObject } from './status';

interface CallHolder {
  call: Call;
}

export class ClientUnaryCallImpl extends EventEmitter implements CallHolder {
  call!: Call;

  cancel(): void {
    this.call.cancel();
  }
}

function writeMessage<Q>(
  call: Call,
  serialize: (value: Q) => Buffer,
  message: Q,
  done: (error?: Error | null) => void,
): void {
  let bytes: Buffer;
  try {
    bytes = serialize(message);
  } catch (err) {
    call.cancelWith(status.INTERNAL, `Request message serialization failure: ${(err as Error).message}`);
    done();
    return;
  }
  call.sendMessage(bytes, () => done());
}

/**
 * Feeds a call into the readable side of `stream`: messages (pausing the HTTP/2 stream while the
 * reader lags), then the status: 'end' for OK, 'error' otherwise.
 */
export function readableListener(stream: Readable & CallHolder): CallListener {
  return {
    onMetadata: (metadata: Metadata) => stream.emit('metadata', metadata),
    onMessage: (message: unknown) => {
      if (!stream.push(message)) stream.call.setPaused(true);
    },
    onStatus: (result: StatusObject) => settle(stream, result),
  };
}

/**
 * Feeds a call with one response into `done` (unary and client-streaming calls), as grpc-js
 * does: an error status, or exactly one message with OK.
 */
export function singleResponseListener(
  emitter: EventEmitter,
  done: (error: ServiceError | null, value?: unknown) => void,
): CallListener {
  let response: unknown;
  let received = 0;
  return {
    onMetadata: (metadata: Metadata) => emitter.emit('metadata', metadata),
    onMessage: (message: unknown) => {
      response = message;
      received++;
    },
    onStatus: (result: StatusObject) => {
      emitter.emit('status', result);
      if (result.code !== status.OK) done(serviceError(result));
      else if (received !== 1)
        done(
          serviceError({
            code: status.UNIMPLEMENTED,
            details: received === 0 ? 'No message received' : 'Too many responses received',
            metadata: result.metadata,
          }),
        );
      else done(null, response);
    },
  };
}

function settle(stream: (Readable | Duplex) & CallHolder, result: StatusObject): void {
  stream.emit('status', result);
  if (result.code === status.OK) {
    stream.push(null);
    return;
  }
  // A cancelled stream nobody listens to any more (a loop that broke out) has nothing to hear.
  if (result.code === status.CANCELLED && stream.listenerCount('error') === 0) stream.destroy();
  else stream.destroy(serviceError(result));
}

export class ClientReadableStreamImpl extends Readable implements CallHolder {
  call!: Call;

  constructor() {
    super({ objectMode: true });
  }

  override _read(): void {
    this.call?.setPaused(false);
  }

  cancel(): void {
    this.call.cancel();
  }
}

export class ClientWritableStreamImpl<Q> extends Writable implements CallHolder {
  call!: Call;

  constructor(private readonly serialize: (value: Q) => Buffer) {
    super({ objectMode: true });
  }

  override _write(message: Q, _encoding: string, done: (error?: Error | null) => void): void {
    writeMessage(this.call, this.serialize, message, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.call.halfClose();
    done();
  }

  cancel(): void {
    this.call.cancel();
  }
}

export class ClientDuplexStreamImpl<Q> extends Duplex implements CallHolder {
  call!: Call;

  constructor(private readonly serialize: (value: Q) => Buffer) {
    super({ objectMode: true, allowHalfOpen: true });
  }

  override _read(): void {
    this.call?.setPaused(false);
  }

  override _write(message: Q, _encoding: string, done: (error?: Error | null) => void): void {
    writeMessage(this.call, this.serialize, message, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.call.halfClose();
    done();
  }

  cancel(): void {
    this.call.cancel();
  }
}
