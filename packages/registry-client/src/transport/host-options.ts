/** How to reach one registry host; every field is optional. */
export interface RegistryHostOptions {
  /**
   * Allow plain HTTP and unverified TLS. Defaults to true for localhost, 127.0.0.0/8 and ::1
   * (as docker does) and false elsewhere.
   */
  insecure?: boolean;
  /** Hosts (`name[:port]`, optionally with `http://`/`https://`) tried before this one for pulls. */
  mirrors?: string[];
  /** Extra CA certificates (PEM) for this host, on top of the system's and certs.d's. */
  ca?: Buffer[];
  /** A client certificate (PEM) and key for mutual TLS. */
  clientCert?: { cert: Buffer; key: Buffer };
}

// docker.io is an alias: its API lives on registry-1.docker.io.
const API_HOST_ALIASES: Readonly<Record<string, string>> = { 'docker.io': 'registry-1.docker.io' };

/** The host that serves the API of a reference's domain. */
export function apiHost(domain: string): string {
  return API_HOST_ALIASES[domain] ?? domain;
}

function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Docker treats loopback registries as insecure unless told otherwise. */
export function isLoopbackHost(host: string): boolean {
  const name = hostname(host).toLowerCase();
  return name === 'localhost' || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}
