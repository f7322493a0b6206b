// Normalises one service of one compose file into the long syntax. Only the keys the file sets
// appear in the result, so several files can be merged afterwards.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { EnvEntries } from '../load/dotenv';
import { readDotenv } from '../load/dotenv';
import type { Lookup } from '../load/interpolate';
import type { KeyPath } from '../load/key-path';
import { readPorts } from './ports';
import type { Reader } from './reader';
import { readServiceVolumes, type PathResolver } from './service-volumes';
import type {
  BuildConfig,
  Deploy,
  DependencyCondition,
  DependsOn,
  Healthcheck,
  ServiceConfig,
  ServiceNetwork,
} from './types';
import { parseBytes, parseDurationSeconds } from './units';

/** What normalising a service needs besides the raw value. */
export interface ServiceContext {
  reader: Reader;
  /** Resolves relative paths (build context, binds, env files) against the project directory. */
  resolve: PathResolver;
  /** Interpolation variables, also used for `environment: [KEY]` pass-through. */
  lookup: Lookup;
}

const SUPPORTED = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'expose',
  'volumes',
  'networks',
  'depends_on',
  'restart',
  'healthcheck',
  'container_name',
  'hostname',
  'labels',
  'working_dir',
  'user',
  'init',
  'stop_signal',
  'stop_grace_period',
  'deploy',
  'scale',
  'profiles',
  'cap_add',
  'cap_drop',
  'privileged',
  'read_only',
  'tty',
  'stdin_open',
  'tmpfs',
  'dns',
  'dns_search',
  'extra_hosts',
  'sysctls',
  'security_opt',
  'domainname',
  'network_mode',
  'mem_limit',
  'cpus',
  'ulimits',
]);

// Keys of the Compose Specification Berth does not implement: refused with a clearer message
// than "unknown" so users know the file is valid compose, just beyond this subset.
const NOT_IMPLEMENTED = new Set([
  'secrets',
  'configs',
  'devices',
  'links',
  'external_links',
  'logging',
  'pid',
  'ipc',
  'shm_size',
  'platform',
  'pull_policy',
  'extends',
]);

const CONDITIONS = new Set<DependencyCondition>([
  'service_started',
  'service_healthy',
  'service_completed_successfully',
]);
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export function readService(ctx: ServiceContext, name: string, value: unknown, path: KeyPath): ServiceConfig {
  const { reader } = ctx;
  if (!SERVICE_NAME.test(name)) throw reader.fail(path, `invalid service name "${name}"`);
  const raw = value === null ? {} : reader.mapping(value, path);
  for (const key of Object.keys(raw)) {
    if (NOT_IMPLEMENTED.has(key))
      throw reader.fail([...path, key], `"${key}" is not supported by berth compose`);
  }
  reader.keys(raw, path, SUPPORTED);
  const at = (key: string): KeyPath => [...path, key];
  const service: ServiceConfig = {};
  if (raw.image !== undefined) service.image = reader.string(raw.image, at('image'));
  if (raw.build !== undefined) service.build = readBuild(ctx, raw.build, at('build'));
  if (raw.command !== undefined && raw.command !== null)
    service.command = reader.command(raw.command, at('command'));
  if (raw.entrypoint !== undefined && raw.entrypoint !== null) {
    service.entrypoint = reader.command(raw.entrypoint, at('entrypoint'));
  }
  const environment = readEnvironment(ctx, raw, path);
  if (environment) service.environment = environment;
  if (raw.ports !== undefined) service.ports = readPorts(reader, raw.ports, at('ports'));
  if (raw.expose !== undefined) service.expose = readExpose(reader, raw.expose, at('expose'));
  if (raw.volumes !== undefined)
    service.volumes = readServiceVolumes(reader, raw.volumes, at('volumes'), ctx.resolve);
  if (raw.networks !== undefined)
    service.networks = readServiceNetworks(reader, raw.networks, at('networks'));
  if (raw.depends_on !== undefined)
    service.depends_on = readDependsOn(reader, raw.depends_on, at('depends_on'));
  if (raw.restart !== undefined) service.restart = readRestart(reader, raw.restart, at('restart'));
  if (raw.healthcheck !== undefined)
    service.healthcheck = readHealthcheck(reader, raw.healthcheck, at('healthcheck'));
  for (const key of ['container_name', 'hostname', 'working_dir', 'user', 'stop_signal'] as const) {
    if (raw[key] !== undefined) service[key] = reader.string(raw[key], at(key));
  }
  if (raw.labels !== undefined) service.labels = reader.stringMap(raw.labels, at('labels'));
  if (raw.init !== undefined) service.init = reader.boolean(raw.init, at('init'));
  if (raw.stop_grace_period !== undefined)
    service.stop_grace_period = readDuration(reader, raw.stop_grace_period, at('stop_grace_period'));
  if (raw.deploy !== undefined) service.deploy = readDeploy(reader, raw.deploy, at('deploy'));
  if (raw.scale !== undefined) service.scale = reader.integer(raw.scale, at('scale'));
  if (raw.profiles !== undefined) service.profiles = reader.stringList(raw.profiles, at('profiles'));
  readContainerOptions(reader, raw, path, service);
  return service;
}

/** The keys that are docker run flags of the same name: --cap-add, --privileged, --dns... */
function readContainerOptions(
  reader: Reader,
  raw: Record<string, unknown>,
  path: KeyPath,
  service: ServiceConfig,
): void {
  const at = (key: string): KeyPath => [...path, key];
  // A single string or a list, as the compose spec allows for these.
  const stringOrList = (key: string): string[] =>
    typeof raw[key] === 'string' ? [raw[key] as string] : reader.stringList(raw[key], at(key));
  for (const key of ['cap_add', 'cap_drop', 'security_opt'] as const)
    if (raw[key] !== undefined) service[key] = reader.stringList(raw[key], at(key));
  for (const key of ['tmpfs', 'dns', 'dns_search'] as const)
    if (raw[key] !== undefined) service[key] = stringOrList(key);
  for (const key of ['privileged', 'read_only', 'tty', 'stdin_open'] as const)
    if (raw[key] !== undefined) service[key] = reader.boolean(raw[key], at(key));
  if (raw.domainname !== undefined) service.domainname = reader.string(raw.domainname, at('domainname'));
  if (raw.extra_hosts !== undefined) {
    // A list of "host:ip" (or compose's "host=ip"), or a mapping host: ip.
    service.extra_hosts = Array.isArray(raw.extra_hosts)
      ? reader.stringList(raw.extra_hosts, at('extra_hosts')).map((entry) => entry.replace('=', ':'))
      : Object.entries(reader.stringMap(raw.extra_hosts, at('extra_hosts'))).map(
          ([host, ip]) => `${host}:${ip}`,
        );
  }
  if (raw.sysctls !== undefined) service.sysctls = reader.stringMap(raw.sysctls, at('sysctls'));
  if (raw.network_mode !== undefined) {
    const mode = reader.string(raw.network_mode, at('network_mode'));
    if (!['none', 'host', 'bridge'].includes(mode) && !/^container:.+/.test(mode))
      throw reader.fail(
        at('network_mode'),
        `"${mode}" is not supported by berth compose (none, host, bridge or container:<name>)`,
      );
    if (raw.networks !== undefined)
      throw reader.fail(at('network_mode'), '"network_mode" and "networks" cannot be combined');
    service.network_mode = mode;
  }
  if (raw.mem_limit !== undefined) {
    const bytes =
      typeof raw.mem_limit === 'string' || typeof raw.mem_limit === 'number'
        ? parseBytes(raw.mem_limit)
        : undefined;
    if (bytes === undefined) throw reader.fail(at('mem_limit'), `invalid size "${String(raw.mem_limit)}"`);
    service.mem_limit = bytes;
  }
  if (raw.ulimits !== undefined) service.ulimits = readUlimits(reader, raw.ulimits, at('ulimits'));
  if (raw.cpus !== undefined) {
    const cpus = Number(raw.cpus);
    if (!Number.isFinite(cpus) || cpus <= 0) throw reader.fail(at('cpus'), 'must be a number of CPUs > 0');
    service.cpus = cpus;
  }
}

function readBuild(ctx: ServiceContext, value: unknown, path: KeyPath): BuildConfig {
  const { reader } = ctx;
  if (typeof value === 'string') return { context: ctx.resolve(value) };
  const raw = reader.mapping(value, path);
  reader.keys(raw, path, new Set(['context', 'dockerfile', 'args', 'target']));
  const build: BuildConfig = {
    context: ctx.resolve(raw.context === undefined ? '.' : reader.string(raw.context, [...path, 'context'])),
  };
  if (raw.dockerfile !== undefined) build.dockerfile = reader.string(raw.dockerfile, [...path, 'dockerfile']);
  if (raw.args !== undefined) {
    const args = reader.keyValues(raw.args, [...path, 'args'], true);
    build.args = Object.fromEntries(
      Object.entries(args).flatMap(([key, item]) => {
        const resolved = item ?? ctx.lookup(key);
        return resolved === undefined ? [] : [[key, resolved]];
      }),
    );
  }
  if (raw.target !== undefined) build.target = reader.string(raw.target, [...path, 'target']);
  return build;
}

/** env_file entries first, then `environment` over them; bare names come from the variables. */
function readEnvironment(
  ctx: ServiceContext,
  raw: Record<string, unknown>,
  path: KeyPath,
): Record<string, string | null> | undefined {
  const { reader } = ctx;
  if (raw.environment === undefined && raw.env_file === undefined) return undefined;
  const merged: Record<string, string | null> = {};
  if (raw.env_file !== undefined) {
    const at: KeyPath = [...path, 'env_file'];
    const files = typeof raw.env_file === 'string' ? [raw.env_file] : reader.list(raw.env_file, at);
    files.forEach((entry, i) => {
      const { file, required } = readEnvFileEntry(reader, entry, [...at, i]);
      const absolute = ctx.resolve(file);
      if (!required && !existsSync(absolute)) return;
      addEntries(merged, readDotenv(absolute, file), ctx.lookup);
    });
  }
  if (raw.environment !== undefined) {
    const entries: EnvEntries = new Map(
      Object.entries(reader.keyValues(raw.environment, [...path, 'environment'], true)).map(([key, item]) => [
        key,
        item ?? undefined,
      ]),
    );
    addEntries(merged, entries, ctx.lookup);
  }
  return merged;
}

function addEntries(into: Record<string, string | null>, entries: EnvEntries, lookup: Lookup): void {
  for (const [key, item] of entries) into[key] = item ?? lookup(key) ?? null;
}

function readEnvFileEntry(
  reader: Reader,
  entry: unknown,
  path: KeyPath,
): { file: string; required: boolean } {
  if (typeof entry === 'string') return { file: entry, required: true };
  const raw = reader.mapping(entry, path);
  reader.keys(raw, path, new Set(['path', 'required']));
  if (raw.path === undefined) throw reader.fail(path, 'missing "path"');
  return {
    file: reader.string(raw.path, [...path, 'path']),
    required: raw.required === undefined ? true : reader.boolean(raw.required, [...path, 'required']),
  };
}

function readExpose(reader: Reader, value: unknown, path: KeyPath): string[] {
  return reader.list(value, path).map((item, i) => {
    const text = reader.string(item, [...path, i]);
    if (!/^\d{1,5}(-\d{1,5})?(\/(tcp|udp|sctp))?$/.test(text))
      throw reader.fail([...path, i], `invalid port "${text}"`);
    return text;
  });
}

function readServiceNetworks(reader: Reader, value: unknown, path: KeyPath): Record<string, ServiceNetwork> {
  if (Array.isArray(value))
    return Object.fromEntries(reader.stringList(value, path).map((name) => [name, {}]));
  const out: Record<string, ServiceNetwork> = {};
  for (const [name, item] of Object.entries(reader.mapping(value, path))) {
    const at = [...path, name];
    if (item === null) {
      out[name] = {};
      continue;
    }
    const raw = reader.mapping(item, at);
    reader.keys(raw, at, new Set(['aliases', 'ipv4_address']));
    const network: ServiceNetwork = {};
    if (raw.aliases !== undefined) network.aliases = reader.stringList(raw.aliases, [...at, 'aliases']);
    if (raw.ipv4_address !== undefined) {
      const address = reader.string(raw.ipv4_address, [...at, 'ipv4_address']);
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address))
        throw reader.fail([...at, 'ipv4_address'], `invalid IPv4 address "${address}"`);
      network.ipv4_address = address;
    }
    out[name] = network;
  }
  return out;
}

function readDependsOn(reader: Reader, value: unknown, path: KeyPath): Record<string, DependsOn> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      reader.stringList(value, path).map((name) => [name, { condition: 'service_started', required: true }]),
    );
  }
  const out: Record<string, DependsOn> = {};
  for (const [name, item] of Object.entries(reader.mapping(value, path))) {
    const at = [...path, name];
    const raw = item === null ? {} : reader.mapping(item, at);
    reader.keys(raw, at, new Set(['condition', 'required', 'restart']));
    const condition = reader.string(raw.condition ?? 'service_started', [
      ...at,
      'condition',
    ]) as DependencyCondition;
    if (!CONDITIONS.has(condition))
      throw reader.fail([...at, 'condition'], `invalid condition "${condition}"`);
    const dependency: DependsOn = {
      condition,
      required: raw.required === undefined ? true : reader.boolean(raw.required, [...at, 'required']),
    };
    if (raw.restart !== undefined) dependency.restart = reader.boolean(raw.restart, [...at, 'restart']);
    out[name] = dependency;
  }
  return out;
}

function readRestart(reader: Reader, value: unknown, path: KeyPath): string {
  const text = reader.string(value, path);
  if (!/^(no|always|unless-stopped|on-failure(:\d+)?)$/.test(text))
    throw reader.fail(path, `invalid restart policy "${text}"`);
  return text;
}

function readHealthcheck(reader: Reader, value: unknown, path: KeyPath): Healthcheck {
  const raw = reader.mapping(value, path);
  reader.keys(
    raw,
    path,
    new Set(['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable']),
  );
  const check: Healthcheck = {};
  if (raw.test !== undefined) {
    const test =
      typeof raw.test === 'string' ? ['CMD-SHELL', raw.test] : reader.stringList(raw.test, [...path, 'test']);
    if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0]) || (test[0] !== 'NONE' && test.length < 2)) {
      throw reader.fail(
        [...path, 'test'],
        'must be a string or a list starting with "CMD", "CMD-SHELL" or "NONE"',
      );
    }
    check.test = test;
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    if (raw[key] !== undefined) check[key] = readDuration(reader, raw[key], [...path, key]);
  }
  if (raw.retries !== undefined) check.retries = reader.integer(raw.retries, [...path, 'retries']);
  if (raw.disable !== undefined) check.disable = reader.boolean(raw.disable, [...path, 'disable']);
  return check;
}

function readDuration(reader: Reader, value: unknown, path: KeyPath): string {
  const text = reader.string(value, path);
  if (parseDurationSeconds(text) === undefined) throw reader.fail(path, `invalid duration "${text}"`);
  return text;
}

function readDeploy(reader: Reader, value: unknown, path: KeyPath): Deploy {
  const raw = reader.mapping(value, path);
  reader.keys(raw, path, new Set(['replicas', 'resources']));
  const deploy: Deploy = {};
  if (raw.replicas !== undefined) deploy.replicas = reader.integer(raw.replicas, [...path, 'replicas']);
  if (raw.resources !== undefined) {
    const resources = reader.mapping(raw.resources, [...path, 'resources']);
    reader.keys(resources, [...path, 'resources'], new Set(['limits']));
    if (resources.limits !== undefined) {
      const at = [...path, 'resources', 'limits'];
      const limits = reader.mapping(resources.limits, at);
      reader.keys(limits, at, new Set(['memory', 'cpus', 'pids']));
      const out: NonNullable<Deploy['resources']>['limits'] = {};
      if (limits.memory !== undefined) {
        const bytes =
          typeof limits.memory === 'string' || typeof limits.memory === 'number'
            ? parseBytes(limits.memory)
            : undefined;
        if (bytes === undefined)
          throw reader.fail([...at, 'memory'], `invalid size "${String(limits.memory)}"`);
        out.memory = bytes;
      }
      if (limits.cpus !== undefined) {
        const cpus = Number(limits.cpus);
        if (!Number.isFinite(cpus) || cpus <= 0)
          throw reader.fail([...at, 'cpus'], `invalid cpus "${String(limits.cpus)}"`);
        out.cpus = cpus;
      }
      if (limits.pids !== undefined) out.pids = reader.integer(limits.pids, [...at, 'pids'], 1);
      deploy.resources = { limits: out };
    }
  }
  return deploy;
}

/** Resolves `path` against `base` unless absolute; `~` means $HOME. */
export function projectPathResolver(base: string, home: string | undefined): PathResolver {
  return (path) => {
    if (path === '~' || path.startsWith('~/')) return resolvePath(home ?? '/', path.slice(2));
    return isAbsolute(path) ? path : resolvePath(base, path);
  };
}

/** `ulimits`: `name: limit` (soft and hard alike) or `name: {soft, hard}`; -1 is unlimited. */
function readUlimits(
  reader: Reader,
  value: unknown,
  path: KeyPath,
): Record<string, { soft: number; hard: number }> {
  const out: Record<string, { soft: number; hard: number }> = {};
  for (const [name, item] of Object.entries(reader.mapping(value, path))) {
    const at: KeyPath = [...path, name];
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const limits = reader.mapping(item, at);
      reader.keys(limits, at, new Set(['soft', 'hard']));
      if (limits.soft === undefined || limits.hard === undefined)
        throw reader.fail(at, 'needs both soft and hard');
      const soft = reader.integer(limits.soft, [...at, 'soft'], -1);
      const hard = reader.integer(limits.hard, [...at, 'hard'], -1);
      if (hard !== -1 && (soft === -1 || soft > hard))
        throw reader.fail(at, `soft limit ${soft} is above the hard limit ${hard}`);
      out[name] = { soft, hard };
    } else {
      const limit = reader.integer(item, at, -1);
      out[name] = { soft: limit, hard: limit };
    }
  }
  return out;
}
