// grpc-js's call objects over a Call: a unary call's handle, and object-mode streams for
// server-, client- and bidirectional streaming, with its events ('metadata', 'status', 'data',
// 'error', 'end') and cancel().
import { Duplex, Readable, Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { Call } from './call';
import type { Metadata } from './metadata';
import { serviceError, status, type StatusObject } from './status';

interface CallHolder {
  call: Call;
}

export class ClientUnaryCallImpl extends EventEmitter implements CallHolder {
  call!: Call;

  cancel(): void {
    this.call.cancel();
  }

  getPeer(): string {
    return 'unix';
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

/** Delivers messages into a readable side, pausing the HTTP/2 stream while the reader lags. */
function receive(stream: Readable & CallHolder, message: unknown): void {
  if (!stream.push(message)) stream.call.setPaused(true);
}

/** Ends the readable side with the call's status: 'end' for OK, 'error' otherwise. */
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

export class ClientReadableStreamImpl<R> extends Readable implements CallHolder {
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

  getPeer(): string {
    return 'unix';
  }

  onMetadata(metadata: Metadata): void {
    this.emit('metadata', metadata);
  }

  onMessage(message: R): void {
    receive(this, message);
  }

  onStatus(result: StatusObject): void {
    settle(this, result);
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

  getPeer(): string {
    return 'unix';
  }
}

export class ClientDuplexStreamImpl<Q, R> extends Duplex implements CallHolder {
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

  getPeer(): string {
    return 'unix';
  }

  onMetadata(metadata: Metadata): void {
    this.emit('metadata', metadata);
  }

  onMessage(message: R): void {
    receive(this, message);
  }

  onStatus(result: StatusObject): void {
    settle(this, result);
  }
}
