// A service's `volumes:` entries, short (`[source:]target[:mode]`) and long syntax. Relative
// bind sources resolve against the project directory, `~` against $HOME.
import type { KeyPath } from '../load/key-path';
import type { Reader } from './reader';
import type { ServiceVolume, VolumeMountType } from './types';
import { parseBytes } from './units';

const LONG_KEYS = new Set([
  'type',
  'source',
  'target',
  'read_only',
  'bind',
  'volume',
  'tmpfs',
  'consistency',
]);
const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);
const TYPES = new Set<VolumeMountType>(['volume', 'bind', 'tmpfs']);

/** Turns a bind source as written into an absolute host path. */
export type PathResolver = (path: string) => string;

export function readServiceVolumes(
  reader: Reader,
  value: unknown,
  path: KeyPath,
  resolve: PathResolver,
): ServiceVolume[] {
  return reader.list(value, path).map((item, i) => {
    const at = [...path, i];
    if (typeof item === 'string')
      return parseShortVolume(item, resolve, () => reader.fail(at, `invalid volume "${item}"`));
    return readLongVolume(reader, reader.mapping(item, at), at, resolve);
  });
}

export function parseShortVolume(text: string, resolve: PathResolver, invalid: () => Error): ServiceVolume {
  const parts = text.split(':');
  if (parts.length > 3 || parts.some((part) => part === '')) throw invalid();
  if (parts.length === 1) {
    if (!parts[0].startsWith('/')) throw invalid();
    return { type: 'volume', target: parts[0] };
  }
  const [source, target, mode = ''] = parts;
  if (!target.startsWith('/')) throw invalid();
  const isPath = /^[./~]/.test(source);
  const volume: ServiceVolume = isPath
    ? { type: 'bind', source: resolve(source), target, bind: { create_host_path: true } }
    : { type: 'volume', source, target };
  for (const option of mode === '' ? [] : mode.split(',')) {
    if (option === 'ro' || option === 'rw') volume.read_only = option === 'ro';
    else if (option === 'nocopy' && !isPath) volume.volume = { nocopy: true };
    else if (PROPAGATIONS.has(option) && isPath) volume.bind = { ...volume.bind, propagation: option };
    else if (option !== 'z' && option !== 'Z') throw invalid();
  }
  return volume;
}

function readLongVolume(
  reader: Reader,
  raw: Record<string, unknown>,
  path: KeyPath,
  resolve: PathResolver,
): ServiceVolume {
  reader.keys(raw, path, LONG_KEYS);
  const type = reader.string(raw.type ?? 'volume', [...path, 'type']) as VolumeMountType;
  if (!TYPES.has(type))
    throw reader.fail([...path, 'type'], `invalid type "${type}" (expected volume, bind or tmpfs)`);
  if (raw.target === undefined) throw reader.fail(path, 'missing "target"');
  const target = reader.string(raw.target, [...path, 'target']);
  if (!target.startsWith('/')) throw reader.fail([...path, 'target'], `"${target}" is not an absolute path`);
  const volume: ServiceVolume = { type, target };
  if (raw.source !== undefined && raw.source !== '') {
    if (type === 'tmpfs') throw reader.fail([...path, 'source'], 'a tmpfs has no source');
    const source = reader.string(raw.source, [...path, 'source']);
    volume.source = type === 'bind' ? resolve(source) : source;
  } else if (type === 'bind') {
    throw reader.fail(path, 'a bind mount needs a "source"');
  }
  if (raw.read_only !== undefined) volume.read_only = reader.boolean(raw.read_only, [...path, 'read_only']);
  if (raw.bind !== undefined) volume.bind = readBindOptions(reader, raw.bind, [...path, 'bind']);
  if (raw.volume !== undefined) {
    const options = reader.mapping(raw.volume, [...path, 'volume']);
    reader.keys(options, [...path, 'volume'], new Set(['nocopy']));
    if (options.nocopy !== undefined)
      volume.volume = { nocopy: reader.boolean(options.nocopy, [...path, 'volume', 'nocopy']) };
  }
  if (raw.tmpfs !== undefined) volume.tmpfs = readTmpfsOptions(reader, raw.tmpfs, [...path, 'tmpfs']);
  return volume;
}

function readBindOptions(reader: Reader, value: unknown, path: KeyPath): ServiceVolume['bind'] {
  const raw = reader.mapping(value, path);
  reader.keys(raw, path, new Set(['propagation', 'create_host_path', 'selinux']));
  const bind: NonNullable<ServiceVolume['bind']> = {};
  if (raw.propagation !== undefined) {
    const propagation = reader.string(raw.propagation, [...path, 'propagation']);
    if (!PROPAGATIONS.has(propagation))
      throw reader.fail([...path, 'propagation'], `invalid propagation "${propagation}"`);
    bind.propagation = propagation;
  }
  if (raw.create_host_path !== undefined) {
    bind.create_host_path = reader.boolean(raw.create_host_path, [...path, 'create_host_path']);
  }
  return bind;
}

function readTmpfsOptions(reader: Reader, value: unknown, path: KeyPath): ServiceVolume['tmpfs'] {
  const raw = reader.mapping(value, path);
  reader.keys(raw, path, new Set(['size', 'mode']));
  const tmpfs: NonNullable<ServiceVolume['tmpfs']> = {};
  if (raw.size !== undefined) {
    const size =
      typeof raw.size === 'number' || typeof raw.size === 'string' ? parseBytes(raw.size) : undefined;
    if (size === undefined) throw reader.fail([...path, 'size'], `invalid size "${String(raw.size)}"`);
    tmpfs.size = size;
  }
  if (raw.mode !== undefined) tmpfs.mode = reader.integer(raw.mode, [...path, 'mode']);
  return tmpfs;
}
