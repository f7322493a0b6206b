/**
 * A MAC address derived from the IPv4 address (02:42 + the four octets, as docker does): locally
 * administered, unicast, and stable for an address so neighbours' ARP caches stay valid across
 * a container restart that keeps its IP.
 */
export function macForIPv4(address: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
  return ['02', '42', ...octets.map((o) => o.toString(16).padStart(2, '0'))].join(':');
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

export function isMac(text: string): boolean {
  return MAC.test(text);
}
