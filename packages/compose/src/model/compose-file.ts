// Normalises one compose file's top level: `name`, `services`, `networks`, `volumes`.
import type { KeyPath } from '../load/key-path';
import type { Reader } from './reader';
import { readService, type ServiceContext } from './service';
import type { NetworkConfig, ServiceConfig, VolumeConfig } from './types';

/** One file's contribution before merging: only what it sets. */
export interface PartialModel {
  name?: string;
  services: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
}

const TOP_LEVEL = new Set(['version', 'name', 'services', 'networks', 'volumes']);
const NOT_IMPLEMENTED = new Set(['include', 'secrets', 'configs']);
const RESOURCE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export function readComposeFile(ctx: ServiceContext): PartialModel {
  const { reader } = ctx;
  const data = reader.source.data;
  for (const key of Object.keys(data)) {
    if (NOT_IMPLEMENTED.has(key)) throw reader.fail([key], `"${key}" is not supported by berth compose`);
  }
  reader.keys(data, [], TOP_LEVEL);
  const model: PartialModel = { services: {}, networks: {}, volumes: {} };
  if (data.name !== undefined) model.name = reader.string(data.name, ['name']);
  if (data.services !== undefined && data.services !== null) {
    for (const [name, value] of Object.entries(reader.mapping(data.services, ['services']))) {
      model.services[name] = readService(ctx, name, value, ['services', name]);
    }
  }
  for (const [name, value] of entries(reader, data.networks, ['networks'])) {
    model.networks[name] = readNetwork(reader, value, ['networks', name]);
  }
  for (const [name, value] of entries(reader, data.volumes, ['volumes'])) {
    model.volumes[name] = readVolume(reader, value, ['volumes', name]);
  }
  return model;
}

function entries(reader: Reader, value: unknown, path: KeyPath): [string, unknown][] {
  if (value === undefined || value === null) return [];
  const list = Object.entries(reader.mapping(value, path));
  for (const [name] of list) {
    if (!RESOURCE_NAME.test(name)) throw reader.fail([...path, name], `invalid name "${name}"`);
  }
  return list;
}

function readExternal(
  reader: Reader,
  raw: Record<string, unknown>,
  path: KeyPath,
): { external?: boolean; name?: string } {
  const out: { external?: boolean; name?: string } = {};
  if (raw.name !== undefined) out.name = reader.string(raw.name, [...path, 'name']);
  if (raw.external !== undefined) {
    // The legacy `external: {name: x}` form still appears in older files.
    if (typeof raw.external === 'object' && raw.external !== null) {
      const legacy = reader.mapping(raw.external, [...path, 'external']);
      reader.keys(legacy, [...path, 'external'], new Set(['name']));
      out.external = true;
      if (legacy.name !== undefined) out.name = reader.string(legacy.name, [...path, 'external', 'name']);
    } else {
      out.external = reader.boolean(raw.external, [...path, 'external']);
    }
  }
  return out;
}

function readNetwork(reader: Reader, value: unknown, path: KeyPath): NetworkConfig {
  const raw = value === null ? {} : reader.mapping(value, path);
  reader.keys(
    raw,
    path,
    new Set(['name', 'driver', 'internal', 'external', 'labels', 'ipam', 'driver_opts']),
  );
  const network: NetworkConfig = readExternal(reader, raw, path);
  if (raw.driver !== undefined) {
    const driver = reader.string(raw.driver, [...path, 'driver']);
    if (driver !== 'bridge')
      throw reader.fail([...path, 'driver'], `unsupported driver "${driver}" (berth has bridge networks)`);
    network.driver = driver;
  }
  if (raw.internal !== undefined) network.internal = reader.boolean(raw.internal, [...path, 'internal']);
  if (raw.labels !== undefined) network.labels = reader.stringMap(raw.labels, [...path, 'labels']);
  if (raw.driver_opts !== undefined)
    network.driver_opts = reader.stringMap(raw.driver_opts, [...path, 'driver_opts']);
  if (raw.ipam !== undefined) {
    const ipam = reader.mapping(raw.ipam, [...path, 'ipam']);
    reader.keys(ipam, [...path, 'ipam'], new Set(['driver', 'config']));
    if (ipam.driver !== undefined && reader.string(ipam.driver, [...path, 'ipam', 'driver']) !== 'default') {
      throw reader.fail(
        [...path, 'ipam', 'driver'],
        `unsupported IPAM driver "${String(ipam.driver)}" (berth has "default")`,
      );
    }
    const configs = ipam.config === undefined ? [] : reader.list(ipam.config, [...path, 'ipam', 'config']);
    network.ipam = {
      config: configs.map((item, i) => {
        const at = [...path, 'ipam', 'config', i];
        const entry = reader.mapping(item, at);
        reader.keys(entry, at, new Set(['subnet', 'gateway', 'ip_range']));
        const out: { subnet?: string; gateway?: string; ip_range?: string } = {};
        for (const key of ['subnet', 'gateway', 'ip_range'] as const) {
          if (entry[key] === undefined) continue;
          const text = reader.string(entry[key], [...at, key]);
          const pattern = key === 'gateway' ? /^\d{1,3}(\.\d{1,3}){3}$/ : /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
          if (!pattern.test(text)) throw reader.fail([...at, key], `invalid ${key} "${text}"`);
          out[key] = text;
        }
        return out;
      }),
    };
  }
  return network;
}

function readVolume(reader: Reader, value: unknown, path: KeyPath): VolumeConfig {
  const raw = value === null ? {} : reader.mapping(value, path);
  reader.keys(raw, path, new Set(['name', 'driver', 'driver_opts', 'external', 'labels']));
  const volume: VolumeConfig = readExternal(reader, raw, path);
  if (raw.driver !== undefined) {
    const driver = reader.string(raw.driver, [...path, 'driver']);
    if (driver !== 'local')
      throw reader.fail([...path, 'driver'], `unsupported driver "${driver}" (berth has local volumes)`);
    volume.driver = driver;
  }
  if (raw.driver_opts !== undefined)
    volume.driver_opts = reader.stringMap(raw.driver_opts, [...path, 'driver_opts']);
  if (raw.labels !== undefined) volume.labels = reader.stringMap(raw.labels, [...path, 'labels']);
  return volume;
}
