// Merges normalised files in order, following the Compose Specification's merge rules:
// mappings merge key by key (later wins), `ports` and `expose` append without duplicates,
// `volumes` merge by target, `command`/`entrypoint`/`healthcheck.test`/`profiles` are replaced.
import type { PartialModel } from './compose-file';
import type { PortConfig, ServiceConfig, ServiceVolume } from './types';

export function mergeModels(models: PartialModel[]): PartialModel {
  const out: PartialModel = { services: {}, networks: {}, volumes: {} };
  for (const model of models) {
    if (model.name !== undefined) out.name = model.name;
    for (const [name, service] of Object.entries(model.services)) {
      out.services[name] = out.services[name] ? mergeService(out.services[name], service) : service;
    }
    for (const [name, network] of Object.entries(model.networks))
      out.networks[name] = deepMerge(out.networks[name], network);
    for (const [name, volume] of Object.entries(model.volumes))
      out.volumes[name] = deepMerge(out.volumes[name], volume);
  }
  return out;
}

export function mergeService(base: ServiceConfig, over: ServiceConfig): ServiceConfig {
  const merged: ServiceConfig = deepMerge(base, over);
  if (over.ports && base.ports) merged.ports = uniqueBy([...base.ports, ...over.ports], portKey);
  if (over.expose && base.expose) merged.expose = [...new Set([...base.expose, ...over.expose])];
  if (over.volumes && base.volumes) merged.volumes = mergeByTarget(base.volumes, over.volumes);
  // Lists of unique values merge as sets (the compose spec's rule for these keys).
  for (const key of [
    'cap_add',
    'cap_drop',
    'dns',
    'dns_search',
    'tmpfs',
    'security_opt',
    'extra_hosts',
  ] as const)
    if (over[key] && base[key]) merged[key] = [...new Set([...base[key], ...over[key]])];
  for (const key of ['command', 'entrypoint', 'profiles'] as const) {
    if (over[key]) merged[key] = over[key];
  }
  if (over.healthcheck?.test && merged.healthcheck) merged.healthcheck.test = over.healthcheck.test;
  return merged;
}

function portKey(port: PortConfig): string {
  return `${port.host_ip ?? ''}:${port.published ?? ''}:${port.target}/${port.protocol}`;
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}

function mergeByTarget(base: ServiceVolume[], over: ServiceVolume[]): ServiceVolume[] {
  const byTarget = new Map(base.map((volume) => [volume.target, volume]));
  for (const volume of over) byTarget.set(volume.target, volume);
  return [...byTarget.values()];
}

/** Mappings merge recursively; anything else (scalars, lists) is replaced by the later value. */
function deepMerge<T>(base: T | undefined, over: T): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = deepMerge(out[key], value);
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
