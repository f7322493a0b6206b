// Docker's `-p` syntax: [[hostIp:][hostPort[-end]]:]containerPort[-end][/proto].
import { InvalidOptionError } from '../errors';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

/** One published port. hostPort 0 means "any free port", chosen when the container starts. */
export interface PortMapping {
  containerPort: number;
  protocol: PortProtocol;
  /** '' means every address (0.0.0.0). */
  hostIp: string;
  hostPort: number;
}

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function parsePort(text: string, spec: string, what: string): number {
  if (!/^\d{1,5}$/.test(text))
    throw new InvalidOptionError('publish', `${what} "${text}" in "${spec}" is not a port`);
  const port = Number(text);
  if (port < 1 || port > 65535)
    throw new InvalidOptionError('publish', `${what} ${port} in "${spec}" is out of range 1-65535`);
  return port;
}

function parseRange(text: string, spec: string, what: string): [number, number] {
  const [first, last, extra] = text.split('-');
  if (extra !== undefined)
    throw new InvalidOptionError('publish', `${what} "${text}" in "${spec}" is not a port range`);
  const start = parsePort(first, spec, what);
  const end = last === undefined ? start : parsePort(last, spec, what);
  if (end < start)
    throw new InvalidOptionError('publish', `${what} range "${text}" in "${spec}" ends before it starts`);
  return [start, end];
}

// Splits off the host IP, which may be a bracketed IPv6 address containing colons.
function splitHostIp(rest: string, spec: string): [string, string] {
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0) throw new InvalidOptionError('publish', `unterminated IPv6 address in "${spec}"`);
    return [rest.slice(1, close), rest.slice(close + 2)];
  }
  const parts = rest.split(':');
  if (parts.length === 1) return ['', parts[0]];
  if (parts.length === 2) return [parts[0], parts[1]];
  throw new InvalidOptionError('publish', `too many colons in "${spec}"`);
}

function checkIp(ip: string, spec: string): void {
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (
    ip === '' ||
    (ipv4 && ipv4.slice(1).every((octet) => Number(octet) <= 255)) ||
    /^[0-9a-fA-F:]+$/.test(ip)
  )
    return;
  throw new InvalidOptionError('publish', `host address "${ip}" in "${spec}" is not an IP address`);
}

/** Parses one `-p` value into one mapping per port of its range. */
export function parsePortSpec(spec: string): PortMapping[] {
  const trimmed = spec.trim();
  if (trimmed === '') throw new InvalidOptionError('publish', 'empty port specification');
  const slash = trimmed.lastIndexOf('/');
  const protocol = slash < 0 ? 'tcp' : trimmed.slice(slash + 1).toLowerCase();
  if (!PROTOCOLS.has(protocol))
    throw new InvalidOptionError('publish', `unknown protocol "${protocol}" in "${spec}"`);
  const body = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const lastColon = body.lastIndexOf(':');
  const [ctrStart, ctrEnd] = parseRange(body.slice(lastColon + 1), spec, 'container port');
  let hostIp = '';
  let hostRange: [number, number] | undefined;
  if (lastColon >= 0) {
    const [ip, hostPart] = splitHostIp(body.slice(0, lastColon), spec);
    checkIp(ip, spec);
    hostIp = ip;
    if (hostPart !== '') hostRange = parseRange(hostPart, spec, 'host port');
  }
  const count = ctrEnd - ctrStart + 1;
  if (hostRange && hostRange[1] - hostRange[0] + 1 !== count && hostRange[0] !== hostRange[1]) {
    throw new InvalidOptionError('publish', `host and container port ranges in "${spec}" differ in size`);
  }
  if (hostRange && count > 1 && hostRange[0] === hostRange[1]) {
    throw new InvalidOptionError(
      'publish',
      `one host port cannot publish a range of container ports in "${spec}"`,
    );
  }
  return Array.from({ length: count }, (_, i) => ({
    containerPort: ctrStart + i,
    protocol: protocol as PortProtocol,
    hostIp,
    hostPort: hostRange ? hostRange[0] + i : 0,
  }));
}

/** `80/tcp` keys as images and docker's ExposedPorts spell them. */
export function portKey(port: number, protocol: PortProtocol): string {
  return `${port}/${protocol}`;
}

/** Parses an ExposedPorts key ("80", "80/udp"). */
export function parsePortKey(key: string): { port: number; protocol: PortProtocol } {
  const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(key.trim());
  const port = match ? Number(match[1]) : NaN;
  if (!match || port < 1 || port > 65535)
    throw new InvalidOptionError('expose', `"${key}" is not "<port>[/tcp|udp|sctp]"`);
  return { port, protocol: (match[2]?.toLowerCase() ?? 'tcp') as PortProtocol };
}
