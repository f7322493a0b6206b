// A channel to one unix socket: the current HTTP/2 connection, dialled on the first call and
// again after it failed or the server sent GOAWAY. Clients made with { channelOverride } share it.
import { Http2Connection, type Http2Stream, type StreamEvents } from './connection';

export class Channel {
  private connection: Http2Connection | undefined;
  private closed = false;

  constructor(readonly socketPath: string) {}

  open(headerBlock: Buffer, events: StreamEvents): Http2Stream {
    if (this.closed) throw new Error('Channel has been shut down');
    if (!this.connection?.usable) this.connection = new Http2Connection(this.socketPath);
    return this.connection.open(headerBlock, events);
  }

  /** No new calls; the connection ends once the calls in flight have. */
  close(): void {
    this.closed = true;
    this.connection?.close();
  }

  getTarget(): string {
    return `unix:${this.socketPath}`;
  }
}

/** The socket path of a grpc-js style unix target: "unix:/path" or "unix:///path". */
export function unixSocketOf(target: string): string {
  if (target.startsWith('unix://')) return target.slice('unix://'.length);
  if (target.startsWith('unix:')) return target.slice('unix:'.length);
  throw new Error(`unsupported target "${target}": this client talks to unix sockets only`);
}
