import { InvalidArgumentError } from '../errors';

// IPv4 addresses are handled as unsigned 32-bit integers: subnet arithmetic (containment,
// overlap, the n-th host) is then plain integer math.

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function parseIPv4(text: string, field: string): number {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => OCTET.test(p))) {
    throw new InvalidArgumentError(`${field}: ${JSON.stringify(text)} is not an IPv4 address`);
  }
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The reverse-DNS name of an address, e.g. 2.0.88.10.in-addr.arpa for 10.88.0.2. */
export function reverseName(value: number): string {
  return `${formatIPv4(value).split('.').reverse().join('.')}.in-addr.arpa`;
}
