// `ports:` entries, short (`[ip:][host[-host]:]container[-container][/proto]`) and long syntax.
import type { KeyPath } from '../load/key-path';
import type { Reader } from './reader';
import type { PortConfig } from './types';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);
const LONG_KEYS = new Set(['target', 'published', 'host_ip', 'protocol', 'mode', 'name', 'app_protocol']);

export function readPorts(reader: Reader, value: unknown, path: KeyPath): PortConfig[] {
  return reader.list(value, path).flatMap((item, i) => {
    const at = [...path, i];
    if (typeof item === 'string' || typeof item === 'number')
      return parseShortPort(String(item), () => reader.fail(at, `invalid port "${item}"`));
    return [readLongPort(reader, reader.mapping(item, at), at)];
  });
}

function readLongPort(reader: Reader, raw: Record<string, unknown>, path: KeyPath): PortConfig {
  reader.keys(raw, path, LONG_KEYS);
  if (raw.target === undefined) throw reader.fail(path, 'missing "target"');
  const target = reader.integer(raw.target, [...path, 'target'], 1);
  if (target > 65535) throw reader.fail([...path, 'target'], `invalid port ${target}`);
  const port: PortConfig = { target, protocol: 'tcp' };
  if (raw.published !== undefined && raw.published !== '') {
    const published = reader.string(raw.published, [...path, 'published']);
    if (!isPort(published)) throw reader.fail([...path, 'published'], `invalid port "${published}"`);
    port.published = published;
  }
  if (raw.host_ip !== undefined) port.host_ip = reader.string(raw.host_ip, [...path, 'host_ip']);
  if (raw.protocol !== undefined) {
    const protocol = reader.string(raw.protocol, [...path, 'protocol']).toLowerCase();
    if (!PROTOCOLS.has(protocol)) throw reader.fail([...path, 'protocol'], `invalid protocol "${protocol}"`);
    port.protocol = protocol as PortConfig['protocol'];
  }
  if (raw.mode !== undefined) {
    const mode = reader.string(raw.mode, [...path, 'mode']);
    if (mode !== 'host' && mode !== 'ingress') throw reader.fail([...path, 'mode'], `invalid mode "${mode}"`);
    port.mode = mode;
  }
  return port;
}

/** One short-syntax entry; a container port range gives one PortConfig per port. */
export function parseShortPort(text: string, invalid: () => Error): PortConfig[] {
  let rest = text.trim();
  let protocol: PortConfig['protocol'] = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const name = rest.slice(slash + 1).toLowerCase();
    if (!PROTOCOLS.has(name)) throw invalid();
    protocol = name as PortConfig['protocol'];
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const bracket = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2];
  }
  const parts = rest.split(':');
  if (parts.length > 3 || (bracket && parts.length !== 2)) throw invalid();
  if (parts.length === 3) {
    hostIp = parts.shift() as string;
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(hostIp)) throw invalid();
  }
  const containerRange = parseRange(parts[parts.length - 1], invalid);
  const hostPart = parts.length === 2 ? parts[0] : '';
  const hostRange = hostPart === '' ? undefined : parseRange(hostPart, invalid);
  const count = containerRange[1] - containerRange[0] + 1;
  if (hostRange && hostRange[1] - hostRange[0] + 1 !== count) throw invalid();
  const ports: PortConfig[] = [];
  for (let i = 0; i < count; i++) {
    const port: PortConfig = { target: containerRange[0] + i, protocol };
    if (hostRange) port.published = String(hostRange[0] + i);
    if (hostIp !== undefined) port.host_ip = hostIp;
    ports.push(port);
  }
  return ports;
}

function parseRange(text: string, invalid: () => Error): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw invalid();
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  if (low < 1 || high > 65535 || high < low) throw invalid();
  return [low, high];
}

function isPort(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) >= 0 && Number(text) <= 65535;
}
