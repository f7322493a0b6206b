// One gRPC call over an HTTP/2 stream: the request headers, length-prefixed messages both ways,
// and the status from the trailers (or from a reset or a lost connection). The stream classes
// in client-streams.ts give it grpc-js's shapes.
import type { Channel } from './channel';
import { ErrorCode } from './frames';
import type { Http2Stream, StreamEvents } from './connection';
import type { HeaderList } from './hpack';
import { encodeHeaders } from './hpack';
import { Metadata } from './metadata';
import { status, statusOfHttp, type StatusObject } from './status';

export interface CallOptions {
  /** When the call fails with DEADLINE_EXCEEDED: a Date or milliseconds since the epoch. */
  deadline?: Date | number;
}

export interface CallListener {
  onMetadata(metadata: Metadata): void;
  onMessage(message: unknown): void;
  onStatus(status: StatusObject): void;
}

const PREFIX_LENGTH = 5;
// Larger than anything berthd sends in one message; grpc-js's default (4 MiB) is lower.
const MAX_MESSAGE = 64 << 20;
const USER_AGENT = 'berth-grpc-lite/1';

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function timeoutHeader(deadline: number): string {
  const milliseconds = Math.max(1, Math.ceil(deadline - Date.now()));
  return milliseconds < 1e8 ? `${milliseconds}m` : `${Math.ceil(milliseconds / 1000)}S`;
}

export class Call implements StreamEvents {
  private stream: Http2Stream | undefined;
  private finished = false;
  private sawHeaders = false;
  private pending: Buffer = Buffer.alloc(0);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly channel: Channel,
    private readonly path: string,
    private readonly deserialize: (bytes: Buffer) => unknown,
    private readonly listener: CallListener,
  ) {}

  start(metadata: Metadata | undefined, options: CallOptions | undefined): void {
    const headers: HeaderList = [
      [':method', 'POST'],
      [':scheme', 'http'],
      [':path', this.path],
      [':authority', 'localhost'],
      ['content-type', 'application/grpc'],
      ['te', 'trailers'],
      ['user-agent', USER_AGENT],
    ];
    const deadline = options?.deadline === undefined ? undefined : Number(options.deadline);
    if (deadline !== undefined && Number.isFinite(deadline)) {
      headers.push(['grpc-timeout', timeoutHeader(deadline)]);
      this.timer = setTimeout(
        () => this.cancelWith(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
        Math.max(0, deadline - Date.now()),
      );
    }
    if (metadata) headers.push(...metadata.toHeaders());
    this.stream = this.channel.open(encodeHeaders(headers), this);
  }

  /** Sends one message; `done` runs once it is on the socket (or the call is over). */
  sendMessage(message: Buffer, done?: () => void): void {
    if (this.finished || !this.stream) {
      done?.();
      return;
    }
    const prefix = Buffer.allocUnsafe(PREFIX_LENGTH);
    prefix[0] = 0;
    prefix.writeUInt32BE(message.length, 1);
    this.stream.write(prefix);
    this.stream.write(message, done);
  }

  halfClose(): void {
    this.stream?.end();
  }

  cancel(): void {
    this.cancelWith(status.CANCELLED, 'Cancelled on client');
  }

  /** Holds the peer to the stream's window while the reader is not reading. */
  setPaused(paused: boolean): void {
    this.stream?.setPaused(paused);
  }

  cancelWith(code: number, details: string): void {
    if (this.finished) return;
    this.stream?.reset(ErrorCode.Cancel);
    this.finish({ code, details, metadata: new Metadata() });
  }

  headers(headers: HeaderList, endStream: boolean): void {
    if (this.finished) return;
    if (!this.sawHeaders) {
      this.sawHeaders = true;
      const httpStatus = Number(headers.find(([name]) => name === ':status')?.[1]);
      if (httpStatus !== 200) {
        this.cancelWith(statusOfHttp(httpStatus), `Received HTTP status code ${httpStatus}`);
        return;
      }
      const contentType = headers.find(([name]) => name === 'content-type')?.[1] ?? '';
      if (!contentType.startsWith('application/grpc')) {
        this.cancelWith(status.UNKNOWN, `Received unexpected content-type "${contentType}"`);
        return;
      }
      if (!endStream) {
        this.listener.onMetadata(Metadata.fromHeaders(headers));
        return;
      }
    }
    if (!endStream) return;
    const code = headers.find(([name]) => name === 'grpc-status')?.[1];
    const message = headers.find(([name]) => name === 'grpc-message')?.[1] ?? '';
    const parsed = code === undefined ? NaN : Number(code);
    this.finish(
      Number.isInteger(parsed)
        ? { code: parsed, details: percentDecode(message), metadata: Metadata.fromHeaders(headers) }
        : { code: status.UNKNOWN, details: 'No status received', metadata: Metadata.fromHeaders(headers) },
    );
  }

  data(chunk: Buffer, endStream: boolean): void {
    if (this.finished) return;
    this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.finished && this.pending.length >= PREFIX_LENGTH) {
      const length = this.pending.readUInt32BE(1);
      if (this.pending[0] !== 0)
        return this.cancelWith(status.INTERNAL, 'Received a compressed message that was not negotiated');
      if (length > MAX_MESSAGE)
        return this.cancelWith(
          status.RESOURCE_EXHAUSTED,
          `Received message larger than max (${length} vs. ${MAX_MESSAGE})`,
        );
      if (this.pending.length < PREFIX_LENGTH + length) break;
      const bytes = this.pending.subarray(PREFIX_LENGTH, PREFIX_LENGTH + length);
      this.pending = this.pending.subarray(PREFIX_LENGTH + length);
      let message: unknown;
      try {
        message = this.deserialize(bytes);
      } catch (err) {
        return this.cancelWith(status.INTERNAL, `Response message parsing error: ${(err as Error).message}`);
      }
      this.listener.onMessage(message);
    }
    if (endStream && !this.finished)
      this.finish({
        code: status.INTERNAL,
        details: 'Stream ended without a status',
        metadata: new Metadata(),
      });
  }

  reset(errorCode: number): void {
    const [code, details] =
      errorCode === ErrorCode.Cancel
        ? [status.CANCELLED, 'Call cancelled by the server']
        : errorCode === ErrorCode.RefusedStream
          ? [status.UNAVAILABLE, 'Stream refused by the server']
          : errorCode === ErrorCode.EnhanceYourCalm
            ? [status.RESOURCE_EXHAUSTED, 'Bandwidth exhausted or memory limit exceeded']
            : errorCode === ErrorCode.InadequateSecurity
              ? [status.PERMISSION_DENIED, 'Protocol not secure enough']
              : [status.INTERNAL, `Received RST_STREAM with code ${errorCode}`];
    this.finish({ code, details, metadata: new Metadata() });
  }

  failed(reason: string, connected: boolean): void {
    this.finish({
      code: status.UNAVAILABLE,
      details: connected ? reason : `No connection established. Last error: ${reason}`,
      metadata: new Metadata(),
    });
  }

  private finish(result: StatusObject): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.listener.onStatus(result);
  }
}
