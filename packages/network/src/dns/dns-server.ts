import dgram from 'node:dgram';
import net from 'node:net';
import { forwardQuery, type Upstream } from './forwarder';
import type { DnsRecords } from './records';
import { answerLocally, servfail } from './resolver';

export interface DnsServerOptions {
  records: DnsRecords;
  /** The Berth domain: `<name>.<domain>` is answered only from records. */
  domain: string;
  /** The resolvers to forward to, asked per query (the host's may change). */
  upstreams: () => Upstream[] | Promise<Upstream[]>;
  /** Called when a query cannot be answered (logged by the daemon; never fatal). */
  onError?: (error: unknown) => void;
}

interface Listener {
  udp: dgram.Socket;
  tcp: net.Server;
}

/**
 * The container resolver: UDP and TCP listeners on each network's gateway address. The asker is
 * identified by source address, so it sees names on all of its own networks and no others;
 * an unknown source (the host, a container without a record yet) sees the listener's network.
 */
export class DnsServer {
  private readonly listeners = new Map<string, Listener>();

  constructor(private readonly options: DnsServerOptions) {}

  private scope(source: string, networkId: string): Set<string> {
    const networks = this.options.records.networksOfAddress(source);
    return networks.size > 0 ? networks : new Set([networkId]);
  }

  private async handle(
    query: Buffer,
    source: string,
    networkId: string,
    transport: 'udp' | 'tcp',
  ): Promise<Buffer | undefined> {
    const { records, domain, upstreams } = this.options;
    const local = answerLocally(records, this.scope(source, networkId), domain, query);
    if (!local) return undefined;
    if (local.kind === 'local') return local.response;
    try {
      return await forwardQuery(await upstreams(), query, transport);
    } catch (error) {
      this.options.onError?.(error);
      return servfail(query);
    }
  }

  /** Starts answering on `address:port` for `networkId`; resolves once both sockets are bound. */
  async listen(networkId: string, address: string, port: number): Promise<void> {
    if (this.listeners.has(networkId)) return;
    const udp = dgram.createSocket({ type: 'udp4' });
    udp.on('message', (message, remote) => {
      void this.handle(message, remote.address, networkId, 'udp').then(
        (answer) => answer && udp.send(answer, remote.port, remote.address),
        (error) => this.options.onError?.(error),
      );
    });
    const tcp = net.createServer((socket) => this.serveTcp(socket, networkId));
    udp.on('error', (error) => this.options.onError?.(error));
    tcp.on('error', (error) => this.options.onError?.(error));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind({ address, port }, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host: address, port }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      udp.close();
      throw error;
    }
    this.listeners.set(networkId, { udp, tcp });
  }

  private serveTcp(socket: net.Socket, networkId: string): void {
    let buffered = Buffer.alloc(0);
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      // One connection may carry several length-prefixed queries (RFC 7766).
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const query = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + query.length);
        void this.handle(query, socket.remoteAddress ?? '', networkId, 'tcp').then((answer) => {
          if (!answer || socket.destroyed) return;
          const length = Buffer.alloc(2);
          length.writeUInt16BE(answer.length);
          socket.write(Buffer.concat([length, answer]));
        });
      }
    });
  }

  async unlisten(networkId: string): Promise<void> {
    const listener = this.listeners.get(networkId);
    if (!listener) return;
    this.listeners.delete(networkId);
    await Promise.all([
      new Promise<void>((resolve) => listener.udp.close(() => resolve())),
      new Promise<void>((resolve) => listener.tcp.close(() => resolve())),
    ]);
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners.keys()].map((id) => this.unlisten(id)));
  }
}
