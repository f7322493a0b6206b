import { promises as fs } from 'node:fs';
import { isIPv4 } from '../ip/ipv4';
import type { Upstream } from './forwarder';

/** systemd-resolved's stub listener and the file listing the servers behind it. */
const RESOLVED_STUB = '127.0.0.53';
const RESOLVED_UPSTREAMS = '/run/systemd/resolve/resolv.conf';

/** IPv4 `nameserver` entries of a resolv.conf text, in order. */
export function parseNameservers(text: string): string[] {
  const servers: string[] = [];
  for (const line of text.split('\n')) {
    const [keyword, value] = line.trim().split(/\s+/);
    if (keyword === 'nameserver' && value && isIPv4(value)) servers.push(value);
  }
  return servers;
}

/**
 * The resolvers to forward to, read from the host's resolv.conf. When it names only
 * systemd-resolved's stub, the servers behind the stub are used (as docker does), so forwarded
 * answers are not cached twice and containers see the same servers whatever the host runs.
 */
export async function hostUpstreams(resolvConf = '/etc/resolv.conf'): Promise<string[]> {
  const servers = parseNameservers(await fs.readFile(resolvConf, 'utf8').catch(() => ''));
  if (servers.length > 0 && servers.every((s) => s === RESOLVED_STUB)) {
    const behind = parseNameservers(await fs.readFile(RESOLVED_UPSTREAMS, 'utf8').catch(() => ''));
    if (behind.length > 0) return behind;
  }
  return servers;
}

/**
 * The host's resolvers, following changes to resolv.conf (DHCP, VPNs, resolvconf rewrite it):
 * the file's mtime is checked at most every `recheckMs` (default 2 s) and re-read when it changed.
 */
export class HostUpstreams {
  private cached: Upstream[] = [];
  private mtimeMs = -1;
  private checkedAt = 0;

  constructor(
    private readonly resolvConf: string,
    private readonly recheckMs = 2000,
  ) {}

  async current(): Promise<Upstream[]> {
    const now = Date.now();
    if (this.checkedAt > 0 && now - this.checkedAt < this.recheckMs) return this.cached;
    this.checkedAt = now;
    const mtimeMs = await fs.stat(this.resolvConf).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (mtimeMs !== this.mtimeMs) {
      this.mtimeMs = mtimeMs;
      this.cached = (await hostUpstreams(this.resolvConf)).map((host) => ({ host, port: 53 }));
    }
    return this.cached;
  }
}
