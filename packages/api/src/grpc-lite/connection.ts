// One HTTP/2 client connection over a unix socket, with prior knowledge (h2c, as gRPC over a
// unix socket uses): framing, both directions' flow control, SETTINGS, PING, GOAWAY. It carries
// the light gRPC client's calls; it knows nothing of gRPC itself.
import { connect, type Socket } from 'node:net';
import {
  DEFAULT_MAX_FRAME,
  DEFAULT_WINDOW,
  ErrorCode,
  Flag,
  FRAME_HEADER_LENGTH,
  FrameType,
  frame,
  MAX_WINDOW,
  payloadInline,
  PREFACE,
  Setting,
  settingsPayload,
  uint32Payload,
} from './frames';
import { HpackDecoder, type HeaderList } from './hpack';

/** What a stream's owner (a call) hears from the connection. */
export interface StreamEvents {
  headers(headers: HeaderList, endStream: boolean): void;
  data(chunk: Buffer, endStream: boolean): void;
  /** The peer reset the stream (RST_STREAM) with this error code. */
  reset(errorCode: number): void;
  /** The connection failed or went away before the stream ended; `connected` tells which. */
  failed(reason: string, connected: boolean): void;
}

// Our receive windows: large, so a stream of output or an image export is never throttled by
// round trips; a stream whose reader stops is held to its window (see Http2Stream.setPaused).
const STREAM_WINDOW = 4 << 20;
const CONNECTION_WINDOW = 32 << 20;

interface QueuedData {
  data: Buffer;
  done?: () => void;
}

/** One stream of a connection, as its owner sees it. */
export class Http2Stream {
  sendWindow: number;
  readonly queue: QueuedData[] = [];
  endQueued = false;
  localEnded = false;
  remoteEnded = false;
  closed = false;
  paused = false;
  unacknowledged = 0;

  constructor(
    private readonly connection: Http2Connection,
    readonly id: number,
    readonly events: StreamEvents,
    initialWindow: number,
  ) {
    this.sendWindow = initialWindow;
  }

  /** Queues `data` as DATA frames (flow-controlled); `done` runs once it is all on the socket. */
  write(data: Buffer, done?: () => void): void {
    if (this.closed || this.endQueued) {
      done?.();
      return;
    }
    this.queue.push({ data, done });
    this.connection.schedule(this);
  }

  /** Half-closes our side once the queued data is sent. */
  end(): void {
    if (this.closed || this.endQueued) return;
    this.endQueued = true;
    this.connection.schedule(this);
  }

  /** Resets the stream (RST_STREAM): nothing more is sent or heard on it. */
  reset(errorCode: number): void {
    this.connection.reset(this, errorCode);
  }

  /** A paused stream's window is not replenished: the peer stops once it has filled it. */
  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused) this.connection.acknowledge(this, 0);
  }
}

export class Http2Connection {
  private readonly socket: Socket;
  private connected = false;
  private failedReason: string | undefined;
  private goingAway = false;
  private closeWhenIdle = false;
  private readonly streams = new Map<number, Http2Stream>();
  private readonly sending = new Set<Http2Stream>();
  private nextStreamId = 1;
  private sendWindow = DEFAULT_WINDOW;
  private peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  private receivedUnacknowledged = 0;
  private input: Buffer = Buffer.alloc(0);
  private readonly decoder = new HpackDecoder();
  private corked = false;
  private continuation: { streamId: number; flags: number; parts: Buffer[] } | undefined;

  constructor(socketPath: string) {
    this.socket = connect(socketPath);
    this.socket.unref();
    this.socket.write(PREFACE);
    const settings = settingsPayload([
      [Setting.EnablePush, 0],
      [Setting.InitialWindowSize, STREAM_WINDOW],
    ]);
    this.send(FrameType.Settings, 0, 0, settings);
    this.send(FrameType.WindowUpdate, 0, 0, uint32Payload(CONNECTION_WINDOW - DEFAULT_WINDOW));
    this.socket.on('connect', () => (this.connected = true));
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', (err) => this.fail(err.message));
    this.socket.on('close', () => this.fail('Connection dropped'));
  }

  /** Whether new streams may open here (not failed, not going away, not closing). */
  get usable(): boolean {
    return this.failedReason === undefined && !this.goingAway && !this.closeWhenIdle;
  }

  /** Opens a stream with a request header block; the owner hears of it through `events`. */
  open(headerBlock: Buffer, events: StreamEvents): Http2Stream {
    const stream = new Http2Stream(this, this.nextStreamId, events, this.peerInitialWindow);
    this.nextStreamId += 2;
    if (this.failedReason !== undefined) {
      const reason = this.failedReason;
      stream.closed = true;
      process.nextTick(() => events.failed(reason, this.connected));
      return stream;
    }
    this.streams.set(stream.id, stream);
    this.socket.ref();
    let offset = 0;
    let type: number = FrameType.Headers;
    do {
      const part = headerBlock.subarray(offset, offset + this.peerMaxFrame);
      offset += part.length;
      this.send(type, offset >= headerBlock.length ? Flag.EndHeaders : 0, stream.id, part);
      type = FrameType.Continuation;
    } while (offset < headerBlock.length);
    return stream;
  }

  /** Ends the connection once its last stream has ended (at once when it has none). */
  close(): void {
    this.closeWhenIdle = true;
    if (this.streams.size === 0) this.socket.end();
  }

  schedule(stream: Http2Stream): void {
    this.sending.add(stream);
    this.flush();
  }

  reset(stream: Http2Stream, errorCode: number): void {
    if (stream.closed) return;
    if (this.failedReason === undefined)
      this.send(FrameType.RstStream, 0, stream.id, uint32Payload(errorCode));
    this.forget(stream);
  }

  /** Counts `bytes` of `stream` as consumed and returns window to the peer when it is worth a frame. */
  acknowledge(stream: Http2Stream, bytes: number): void {
    stream.unacknowledged += bytes;
    if (stream.paused || stream.closed || stream.remoteEnded) return;
    if (stream.unacknowledged >= STREAM_WINDOW / 4 || (bytes === 0 && stream.unacknowledged > 0)) {
      this.send(FrameType.WindowUpdate, 0, stream.id, uint32Payload(stream.unacknowledged));
      stream.unacknowledged = 0;
    }
  }

  /** Frames written in one tick leave in one system call. */
  private send(type: number, flags: number, streamId: number, payload?: Buffer): void {
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(frame(type, flags, streamId, payload));
    if (payload && payload.length > 0 && !payloadInline(payload)) this.socket.write(payload);
  }

  /** Sends queued DATA as far as both windows allow. */
  private flush(): void {
    if (this.failedReason !== undefined) return;
    for (const stream of this.sending) {
      while (stream.queue.length > 0 && this.sendWindow > 0 && stream.sendWindow > 0) {
        const item = stream.queue[0];
        const length = Math.min(item.data.length, this.peerMaxFrame, this.sendWindow, stream.sendWindow);
        const last = length === item.data.length;
        const endStream = last && stream.queue.length === 1 && stream.endQueued;
        this.send(FrameType.Data, endStream ? Flag.EndStream : 0, stream.id, item.data.subarray(0, length));
        this.sendWindow -= length;
        stream.sendWindow -= length;
        if (last) {
          stream.queue.shift();
          if (endStream) stream.localEnded = true;
          item.done?.();
        } else {
          item.data = item.data.subarray(length);
        }
      }
      if (stream.queue.length === 0) {
        if (stream.endQueued && !stream.localEnded) {
          this.send(FrameType.Data, Flag.EndStream, stream.id);
          stream.localEnded = true;
        }
        this.sending.delete(stream);
        if (stream.localEnded && stream.remoteEnded) this.forget(stream);
      }
    }
  }

  private receive(chunk: Buffer): void {
    this.input = this.input.length > 0 ? Buffer.concat([this.input, chunk]) : chunk;
    while (this.failedReason === undefined && this.input.length >= FRAME_HEADER_LENGTH) {
      const length = this.input.readUIntBE(0, 3);
      if (this.input.length < FRAME_HEADER_LENGTH + length) break;
      const type = this.input[3];
      const flags = this.input[4];
      const streamId = this.input.readUInt32BE(5) & 0x7fffffff;
      const payload = this.input.subarray(FRAME_HEADER_LENGTH, FRAME_HEADER_LENGTH + length);
      this.input = this.input.subarray(FRAME_HEADER_LENGTH + length);
      try {
        this.handle(type, flags, streamId, payload);
      } catch (err) {
        this.abort(ErrorCode.CompressionError, (err as Error).message);
      }
    }
  }

  private handle(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (this.continuation && type !== FrameType.Continuation)
      return this.abort(ErrorCode.ProtocolError, 'protocol error: a header block was interrupted');
    switch (type) {
      case FrameType.Data:
        return this.onData(flags, streamId, payload);
      case FrameType.Headers: {
        let block = unpad(flags, payload);
        if (flags & Flag.Priority) block = block.subarray(5);
        if (flags & Flag.EndHeaders) return this.onHeaderBlock(streamId, flags, block);
        this.continuation = { streamId, flags, parts: [block] };
        return;
      }
      case FrameType.Continuation: {
        const pending = this.continuation;
        if (!pending || pending.streamId !== streamId)
          return this.abort(ErrorCode.ProtocolError, 'protocol error: unexpected CONTINUATION');
        pending.parts.push(payload);
        if (flags & Flag.EndHeaders) {
          this.continuation = undefined;
          this.onHeaderBlock(streamId, pending.flags, Buffer.concat(pending.parts));
        }
        return;
      }
      case FrameType.RstStream: {
        const stream = this.streams.get(streamId);
        if (!stream) return;
        this.forget(stream);
        stream.events.reset(payload.readUInt32BE(0));
        return;
      }
      case FrameType.Settings:
        if (flags & Flag.Ack) return;
        for (let offset = 0; offset + 6 <= payload.length; offset += 6)
          this.applySetting(payload.readUInt16BE(offset), payload.readUInt32BE(offset + 2));
        this.send(FrameType.Settings, Flag.Ack, 0);
        this.flush();
        return;
      case FrameType.Ping:
        if (!(flags & Flag.Ack)) this.send(FrameType.Ping, Flag.Ack, 0, Buffer.from(payload));
        return;
      case FrameType.GoAway: {
        const lastStreamId = payload.readUInt32BE(0) & 0x7fffffff;
        this.goingAway = true;
        for (const stream of [...this.streams.values()])
          if (stream.id > lastStreamId) {
            this.forget(stream);
            stream.events.failed('the server is going away', true);
          }
        return;
      }
      case FrameType.WindowUpdate: {
        const increment = payload.readUInt32BE(0) & 0x7fffffff;
        if (streamId === 0) this.sendWindow += increment;
        else {
          const stream = this.streams.get(streamId);
          if (stream) stream.sendWindow += increment;
        }
        this.flush();
        return;
      }
      case FrameType.PushPromise:
        return this.abort(ErrorCode.ProtocolError, 'protocol error: PUSH_PROMISE though push is disabled');
      default:
        // PRIORITY and unknown frame types carry nothing for us (RFC 9113 section 5.5).
        return;
    }
  }

  private onData(flags: number, streamId: number, payload: Buffer): void {
    this.receivedUnacknowledged += payload.length;
    if (this.receivedUnacknowledged >= CONNECTION_WINDOW / 4) {
      this.send(FrameType.WindowUpdate, 0, 0, uint32Payload(this.receivedUnacknowledged));
      this.receivedUnacknowledged = 0;
    }
    const stream = this.streams.get(streamId);
    if (!stream) return;
    const endStream = (flags & Flag.EndStream) !== 0;
    if (endStream) this.remoteEnded(stream);
    else this.acknowledge(stream, payload.length);
    stream.events.data(unpad(flags, payload), endStream);
  }

  private onHeaderBlock(streamId: number, flags: number, block: Buffer): void {
    // Decoded even for a stream we forgot: the block updates the connection's HPACK table.
    const headers = this.decoder.decode(block);
    const stream = this.streams.get(streamId);
    if (!stream) return;
    const endStream = (flags & Flag.EndStream) !== 0;
    if (endStream) this.remoteEnded(stream);
    stream.events.headers(headers, endStream);
  }

  /** The peer ended the stream: a gRPC call is over then, so our side ends too if it has not. */
  private remoteEnded(stream: Http2Stream): void {
    stream.remoteEnded = true;
    if (!stream.localEnded) {
      this.send(FrameType.RstStream, 0, stream.id, uint32Payload(ErrorCode.NoError));
      stream.localEnded = true;
    }
    this.forget(stream);
  }

  private applySetting(id: number, value: number): void {
    if (id === Setting.InitialWindowSize) {
      if (value > MAX_WINDOW)
        return this.abort(ErrorCode.FlowControlError, 'flow control error: window too large');
      const delta = value - this.peerInitialWindow;
      this.peerInitialWindow = value;
      for (const stream of this.streams.values()) stream.sendWindow += delta;
    } else if (id === Setting.MaxFrameSize) {
      this.peerMaxFrame = value;
    }
  }

  private forget(stream: Http2Stream): void {
    stream.closed = true;
    this.sending.delete(stream);
    for (const item of stream.queue.splice(0)) item.done?.();
    this.streams.delete(stream.id);
    if (this.streams.size === 0) {
      this.socket.unref();
      if (this.closeWhenIdle) this.socket.end();
    }
  }

  /** A connection error: tell the peer (GOAWAY), then fail every stream. */
  private abort(errorCode: number, reason: string): void {
    if (this.failedReason !== undefined) return;
    const payload = Buffer.alloc(8);
    payload.writeUInt32BE(this.nextStreamId > 1 ? this.nextStreamId - 2 : 0, 0);
    payload.writeUInt32BE(errorCode, 4);
    this.send(FrameType.GoAway, 0, 0, payload);
    this.socket.end();
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.failedReason !== undefined) return;
    this.failedReason = reason;
    const streams = [...this.streams.values()];
    for (const stream of streams) this.forget(stream);
    for (const stream of streams) stream.events.failed(reason, this.connected);
    this.socket.destroy();
  }
}

function unpad(flags: number, payload: Buffer): Buffer {
  if (!(flags & Flag.Padded)) return payload;
  const padding = payload[0];
  return payload.subarray(1, payload.length - padding);
}
