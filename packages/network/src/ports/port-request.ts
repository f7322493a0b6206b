import { InvalidArgumentError } from '../errors';
import { isIPv4 } from '../ip/ipv4';
import type { Protocol } from '../model';

/**
 * A publish request before host ports are chosen. hostPort 0 means "pick one"; a host range
 * with one container port means "any free port of that range"; equal-length ranges map 1:1.
 */
export interface PortRequest {
  hostIp: string;
  hostPort: number;
  hostPortEnd: number;
  containerPort: number;
  containerPortEnd: number;
  protocol: Protocol;
}

function port(text: string, field: string, allowZero: boolean): number {
  if (!/^\d{1,5}$/.test(text))
    throw new InvalidArgumentError(`${field}: ${JSON.stringify(text)} is not a port`);
  const value = Number(text);
  if (value > 65535 || (value === 0 && !allowZero)) {
    throw new InvalidArgumentError(`${field}: ${value} is outside 1-65535`);
  }
  return value;
}

function range(text: string, field: string, allowEmpty: boolean): [number, number] {
  if (text === '' && allowEmpty) return [0, 0];
  const [start, end = start] = text.split('-');
  const a = port(start, field, false);
  const b = port(end, field, false);
  if (b < a) throw new InvalidArgumentError(`${field}: range ${text} ends before it starts`);
  return [a, b];
}

/** Checks a request's fields (from gRPC or the parser): ports, ranges, protocol and host IP. */
export function validatePortRequest(request: PortRequest, field: string): PortRequest {
  const { hostIp, hostPort, hostPortEnd, containerPort, containerPortEnd, protocol } = request;
  if (protocol !== 'tcp' && protocol !== 'udp') {
    throw new InvalidArgumentError(`${field}.protocol: ${JSON.stringify(protocol)} is not tcp or udp`);
  }
  if (hostIp !== '' && !isIPv4(hostIp)) {
    throw new InvalidArgumentError(`${field}.host_ip: ${JSON.stringify(hostIp)} is not an IPv4 address`);
  }
  const inPort = (v: number) => Number.isInteger(v) && v >= 1 && v <= 65535;
  if (!inPort(containerPort) || !inPort(containerPortEnd) || containerPortEnd < containerPort) {
    throw new InvalidArgumentError(
      `${field}.container_port: ${containerPort}-${containerPortEnd} is not a port range`,
    );
  }
  if (hostPort !== 0 && (!inPort(hostPort) || !inPort(hostPortEnd) || hostPortEnd < hostPort)) {
    throw new InvalidArgumentError(`${field}.host_port: ${hostPort}-${hostPortEnd} is not a port range`);
  }
  const containerCount = containerPortEnd - containerPort;
  const hostCount = hostPortEnd - hostPort;
  if (hostPort !== 0 && containerCount > 0 && hostCount !== containerCount) {
    throw new InvalidArgumentError(
      `${field}: host range ${hostPort}-${hostPortEnd} and container range ${containerPort}-${containerPortEnd} differ in length`,
    );
  }
  return request;
}

/**
 * Parses docker's publish syntax: `[hostIP:][hostPort[-end]:]containerPort[-end][/proto]`,
 * e.g. "8080:80", "127.0.0.1::53/udp", "8000-8009:80-89".
 */
export function parsePortSpec(spec: string): PortRequest {
  const field = `publish ${JSON.stringify(spec)}`;
  const [body, protocolText = 'tcp', extra] = spec.split('/');
  if (extra !== undefined) throw new InvalidArgumentError(`${field}: more than one "/"`);
  const parts = body.split(':');
  if (parts.length > 3)
    throw new InvalidArgumentError(`${field}: too many ":" (IPv6 host addresses are not supported)`);
  const [hostIp, hostRange, containerRange] =
    parts.length === 3 ? parts : parts.length === 2 ? ['', parts[0], parts[1]] : ['', '', parts[0]];
  const [containerPort, containerPortEnd] = range(containerRange, `${field} container port`, false);
  const [hostPort, hostPortEnd] = range(hostRange, `${field} host port`, true);
  return validatePortRequest(
    { hostIp, hostPort, hostPortEnd, containerPort, containerPortEnd, protocol: protocolText as Protocol },
    field,
  );
}
