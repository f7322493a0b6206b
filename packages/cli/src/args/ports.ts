import { InvalidArgumentError } from '../errors';

/** One published port, in the shape of the engine's PortBinding. */
export interface PortMapping {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

/**
 * Expands one `-p` value: "80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80", "[::1]:80:80",
 * "8080:80/udp", and ranges "8000-8001:80-81" (one binding per port; a host range for a single
 * container port is not supported, as with docker's CLI when the ranges differ in length).
 */
export function parsePublish(value: string): PortMapping[] {
  const bad = (why: string) => new InvalidArgumentError(`invalid publish spec "${value}": ${why}`);
  const slash = value.lastIndexOf('/');
  const protocol = slash === -1 ? 'tcp' : value.slice(slash + 1).toLowerCase();
  if (!PROTOCOLS.has(protocol)) throw bad(`unknown protocol "${protocol}"`);
  const spec = slash === -1 ? value : value.slice(0, slash);

  let hostIp = '';
  let rest = spec;
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (bracketed) {
    hostIp = bracketed[1];
    rest = bracketed[2];
  }
  const parts = rest.split(':');
  let hostPart = '';
  let containerPart: string;
  if (bracketed) {
    if (parts.length !== 2) throw bad('expected [ip]:hostPort:containerPort');
    [hostPart, containerPart] = parts;
  } else if (parts.length === 1) {
    containerPart = parts[0];
  } else if (parts.length === 2) {
    [hostPart, containerPart] = parts;
  } else if (parts.length === 3) {
    [hostIp, hostPart, containerPart] = parts;
  } else {
    throw bad('too many colons');
  }
  if (hostIp && !/^[0-9.]+$|:/.test(hostIp)) throw bad(`"${hostIp}" is not an IP address`);

  const containerPorts = parseRange(containerPart, 'container port', bad);
  const hostPorts = hostPart ? parseRange(hostPart, 'host port', bad) : undefined;
  if (hostPorts && hostPorts.length !== containerPorts.length) {
    throw bad('host and container port ranges differ in length');
  }
  return containerPorts.map((containerPort, index) => ({
    containerPort,
    protocol,
    hostIp,
    hostPort: hostPorts ? hostPorts[index] : 0,
  }));
}

function parseRange(text: string, what: string, bad: (why: string) => Error): number[] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw bad(`${what} "${text}" is not a port or port range`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  for (const port of [start, end]) {
    if (port < 1 || port > 65535) throw bad(`${what} ${port} is outside 1-65535`);
  }
  if (end < start) throw bad(`${what} range "${text}" ends before it starts`);
  return Array.from({ length: end - start + 1 }, (_, offset) => start + offset);
}
