import dgram from 'node:dgram';
import net from 'node:net';

export interface Upstream {
  host: string;
  port: number;
}

/** How long one upstream gets before the next one is tried. */
const UPSTREAM_TIMEOUT_MS = 2000;

function queryUdp(upstream: Upstream, query: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    const id = query.readUInt16BE(0);
    const timer = setTimeout(
      () => finish(new Error(`${upstream.host}:${upstream.port} timed out`)),
      UPSTREAM_TIMEOUT_MS,
    );
    const finish = (error: Error | null, answer?: Buffer) => {
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(answer as Buffer);
    };
    socket.on('error', (error) => finish(error));
    // Only the answer to this query's id counts; anything else on the port is ignored.
    socket.on('message', (message) => {
      if (message.length >= 2 && message.readUInt16BE(0) === id) finish(null, message);
    });
    socket.send(query, upstream.port, upstream.host);
  });
}

function queryTcp(upstream: Upstream, query: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: upstream.host, port: upstream.port });
    const chunks: Buffer[] = [];
    socket.setTimeout(UPSTREAM_TIMEOUT_MS, () =>
      socket.destroy(new Error(`${upstream.host}:${upstream.port} timed out`)),
    );
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 2 && all.length >= 2 + all.readUInt16BE(0)) {
        socket.end();
        resolve(all.subarray(2, 2 + all.readUInt16BE(0)));
      }
    });
    const length = Buffer.alloc(2);
    length.writeUInt16BE(query.length);
    socket.write(Buffer.concat([length, query]));
  });
}

/**
 * Sends a raw query to the upstreams in order, over the transport the client used (a truncated
 * UDP answer is passed back as is, so the client retries over TCP as it would with any server).
 */
export async function forwardQuery(
  upstreams: Upstream[],
  query: Buffer,
  transport: 'udp' | 'tcp',
): Promise<Buffer> {
  let lastError: unknown = new Error('no upstream resolvers configured');
  for (const upstream of upstreams) {
    try {
      return await (transport === 'udp' ? queryUdp(upstream, query) : queryTcp(upstream, query));
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
