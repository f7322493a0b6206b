import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError } from '../errors';

/** TLS material for one registry host, read from `certs.d/<host>/`. */
export interface HostCertificates {
  /** PEM CA certificates to trust in addition to the system's. */
  readonly ca: readonly Buffer[];
  /** A client certificate and its key, for registries that require mutual TLS. */
  readonly clientCert?: { readonly cert: Buffer; readonly key: Buffer };
}

/** Default places docker, containerd and podman read per-registry certificates from. */
export const DEFAULT_CERTS_DIRS: readonly string[] = [
  '/etc/berth/certs.d',
  '/etc/docker/certs.d',
  '/etc/containers/certs.d',
];

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Reads the certificates of `host` (`name:port` as written in references) with docker's rules:
 * every `*.crt` is a CA; `x.cert` with `x.key` is a client certificate (a `.cert` without its
 * key is an error, as in docker). The first directory that has a folder for the host wins.
 */
export async function readHostCertificates(
  host: string,
  certsDirs: readonly string[] = DEFAULT_CERTS_DIRS,
): Promise<HostCertificates> {
  for (const base of certsDirs) {
    const dir = join(base, host);
    const names = await listDir(dir);
    if (names.length === 0) continue;
    const ca = await Promise.all(names.filter((n) => n.endsWith('.crt')).map((n) => readFile(join(dir, n))));
    const certName = names.find((n) => n.endsWith('.cert'));
    if (certName === undefined) return { ca };
    const keyName = `${certName.slice(0, -'.cert'.length)}.key`;
    if (!names.includes(keyName)) {
      throw new InvalidArgumentError(`client certificate ${join(dir, certName)} has no key ${keyName}`);
    }
    const [cert, key] = await Promise.all([readFile(join(dir, certName)), readFile(join(dir, keyName))]);
    return { ca, clientCert: { cert, key } };
  }
  return { ca: [] };
}
