import dgram from 'node:dgram';
import net from 'node:net';
import { InvalidArgumentError } from '../errors';
import type { Protocol } from '../model';

/**
 * Whether a host program already listens on the port: DNAT would silently steal its traffic.
 * Probed by binding briefly; EADDRNOTAVAIL means the host IP is not an address of this host.
 */
export function hostPortFree(hostIp: string, port: number, protocol: Protocol): Promise<boolean> {
  const address = hostIp || '0.0.0.0';
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else if (error.code === 'EADDRNOTAVAIL') {
        reject(new InvalidArgumentError(`host_ip: ${hostIp} is not an address of this host`));
      } else reject(error);
    };
    if (protocol === 'tcp') {
      const server = net.createServer();
      server.once('error', onError);
      server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
    } else {
      const socket = dgram.createSocket('udp4');
      socket.once('error', onError);
      socket.bind({ address, port, exclusive: true }, () => socket.close(() => resolve(true)));
    }
  });
}
