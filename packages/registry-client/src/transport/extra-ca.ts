import { readFileSync } from 'node:fs';

/**
 * Set by the berth-registry launcher in place of NODE_EXTRA_CA_CERTS: Node parses that file and
 * builds its whole root store at every start (~100 ms on this machine, where it is set
 * system-wide), even for a pull from a plain-HTTP registry. The client trusts the same
 * certificates, read only when it first opens a TLS connection.
 */
export const EXTRA_CA_ENV = 'BERTH_EXTRA_CA_CERTS';

let cached: readonly string[] | undefined;

/** The PEM certificates of $BERTH_EXTRA_CA_CERTS; none when unset or unreadable (as Node does, with a warning). */
export function extraCaCertificates(): readonly string[] {
  if (cached !== undefined) return cached;
  const file = process.env[EXTRA_CA_ENV];
  cached = [];
  if (!file) return cached;
  try {
    const pem = readFileSync(file, 'utf8');
    cached = pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  } catch (error) {
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(error as Error).message}`);
  }
  return cached;
}
