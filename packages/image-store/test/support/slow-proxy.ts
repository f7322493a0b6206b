import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface SlowProxy {
  host: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that relays a server's answers at about `bytesPerSecond`, so a test
 * can act (kill a daemon) while a download is surely in the middle.
 */
export async function startSlowProxy(
  target: { host: string; port: number },
  bytesPerSecond: number,
): Promise<SlowProxy> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client);
    sockets.add(upstream);
    client.pipe(upstream);
    const slice = Math.max(1024, Math.floor(bytesPerSecond / 20));
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      const send = async () => {
        for (let offset = 0; offset < chunk.length; offset += slice) {
          if (client.destroyed) return;
          client.write(chunk.subarray(offset, offset + slice));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        upstream.resume();
      };
      void send();
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    upstream.on('end', () => client.end());
    upstream.on('error', closeBoth);
    client.on('error', closeBoth);
    client.on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    host: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
