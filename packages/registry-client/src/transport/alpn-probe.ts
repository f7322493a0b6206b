import type { ConnectionOptions } from 'node:tls';

/**
 * Which protocol a TLS server picks by ALPN when offered h2 and http/1.1: 'h2' or 'http/1.1'
 * (also for servers without ALPN). Connection failures reject, like a request would.
 */
export function negotiateProtocol(
  url: URL,
  tls: ConnectionOptions,
  timeoutMs: number,
): Promise<'h2' | 'http/1.1'> {
  return new Promise((resolve, reject) => {
    // Loaded on first use: plain-HTTP commands never need tls (start-up time).
    const { connect } = require('node:tls') as typeof import('node:tls');
    const socket = connect({
      ...tls,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 443),
      servername: /^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname,
      ALPNProtocols: ['h2', 'http/1.1'],
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(Object.assign(new Error(`no TLS handshake in ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
    );
    socket.once('secureConnect', () => {
      const protocol = socket.alpnProtocol === 'h2' ? 'h2' : 'http/1.1';
      socket.end();
      resolve(protocol);
    });
    socket.once('error', reject);
  });
}
