// Mount requests from docker's three syntaxes: `-v`, `--tmpfs` and `--mount` (already split
// into fields by the CLI, arriving as MountSpec messages).
import { isAbsolute, normalize } from 'node:path';
import { InvalidOptionError } from '../errors';
import { parseBytes } from './size';

export type MountKind = 'bind' | 'volume' | 'tmpfs';
export const BIND_PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'] as const;
export type BindPropagation = (typeof BIND_PROPAGATIONS)[number];

/** What a container asked to have mounted, before volumes are created or paths resolved. */
export interface MountRequest {
  kind: MountKind;
  /** Host path (bind), volume name ('' = anonymous), '' for tmpfs. */
  source: string;
  target: string;
  readOnly: boolean;
  /** bind only. */
  propagation?: BindPropagation;
  /** bind: create a missing host directory (-v does, --mount does not). */
  createHostPath?: boolean;
  /** volume: skip copying the image's content into a new volume. */
  noCopy?: boolean;
  /** volume: labels for a volume this mount creates. */
  volumeLabels?: Record<string, string>;
  /** tmpfs: bytes, 0 = kernel default. */
  tmpfsSize?: number;
  /** tmpfs: root directory mode, 0 = 01777. */
  tmpfsMode?: number;
  /** tmpfs: extra mount options from --tmpfs (noexec, nosuid, uid=...). */
  tmpfsOptions?: string[];
}

export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** A normalized absolute path without a trailing slash. */
function cleanPath(path: string): string {
  const clean = normalize(path);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

export function containerPath(path: string, field: string): string {
  if (!isAbsolute(path)) throw new InvalidOptionError(field, `container path "${path}" must be absolute`);
  const clean = cleanPath(path);
  if (clean === '/') throw new InvalidOptionError(field, 'cannot mount over the container\'s "/"');
  return clean;
}

/**
 * `-v` forms: "/ctr" (anonymous volume), "name:/ctr", "/host:/ctr", each with ":opts" where
 * opts is a comma list of ro|rw, a propagation mode, nocopy, and z/Z (SELinux, ignored).
 */
export function parseBind(spec: string): MountRequest {
  const parts = spec.split(':');
  if (spec.trim() === '' || parts.length > 3)
    throw new InvalidOptionError('volume', `"${spec}" is not [source:]target[:options]`);
  const [source, target, options] =
    parts.length === 1 ? ['', parts[0], ''] : [parts[0], parts[1], parts[2] ?? ''];
  if (parts.length === 2 && !isAbsolute(target) && isAbsolute(source)) {
    throw new InvalidOptionError('volume', `container path "${target}" in "${spec}" must be absolute`);
  }
  const request: MountRequest = {
    kind: source === '' ? 'volume' : isAbsolute(source) ? 'bind' : 'volume',
    source: isAbsolute(source) ? cleanPath(source) : source,
    target: containerPath(target, 'volume'),
    readOnly: false,
  };
  if (request.kind === 'volume' && source !== '' && !VOLUME_NAME.test(source)) {
    throw new InvalidOptionError(
      'volume',
      `"${source}" is not a volume name (use [a-zA-Z0-9][a-zA-Z0-9_.-]+) or an absolute host path`,
    );
  }
  if (request.kind === 'bind') request.createHostPath = true;
  for (const option of options === '' ? [] : options.split(',')) {
    if (option === 'ro' || option === 'rw') request.readOnly = option === 'ro';
    else if ((BIND_PROPAGATIONS as readonly string[]).includes(option) && request.kind === 'bind')
      request.propagation = option as BindPropagation;
    else if (option === 'nocopy' && request.kind === 'volume') request.noCopy = true;
    else if (option !== 'z' && option !== 'Z')
      throw new InvalidOptionError('volume', `unknown option "${option}" in "${spec}"`);
  }
  return request;
}

/** `--tmpfs /path[:opts]` where opts are mount options; size= and mode= are understood. */
export function parseTmpfs(spec: string): MountRequest {
  const colon = spec.indexOf(':');
  const target = containerPath(colon < 0 ? spec : spec.slice(0, colon), 'tmpfs');
  const request: MountRequest = { kind: 'tmpfs', source: '', target, readOnly: false, tmpfsOptions: [] };
  for (const option of colon < 0
    ? []
    : spec
        .slice(colon + 1)
        .split(',')
        .filter(Boolean)) {
    const [key, value] = option.split('=', 2);
    if (key === 'size' && value !== undefined) request.tmpfsSize = parseBytes(value, 'tmpfs size');
    else if (key === 'mode' && value !== undefined) request.tmpfsMode = parseMode(value, spec);
    else if (key === 'ro' || key === 'rw') request.readOnly = key === 'ro';
    else if (
      /^(no)?(exec|suid|dev|atime|diratime)$|^(uid|gid|nr_inodes|nr_blocks)=\d+[kmg]?$|^(relatime|strictatime)$/.test(
        option,
      )
    )
      request.tmpfsOptions!.push(option);
    else throw new InvalidOptionError('tmpfs', `unknown option "${option}" in "${spec}"`);
  }
  return request;
}

function parseMode(text: string, spec: string): number {
  if (!/^[0-7]{1,4}$/.test(text))
    throw new InvalidOptionError('tmpfs', `mode "${text}" in "${spec}" is not octal`);
  return parseInt(text, 8);
}

/** Checks a `--mount` already split into fields and fills in defaults. */
export function checkMountRequest(request: MountRequest): MountRequest {
  const target = containerPath(request.target, 'mount target');
  if (request.kind === 'bind') {
    if (!isAbsolute(request.source))
      throw new InvalidOptionError(
        'mount source',
        `bind source "${request.source}" must be an absolute host path`,
      );
    if (request.propagation && !(BIND_PROPAGATIONS as readonly string[]).includes(request.propagation))
      throw new InvalidOptionError('mount', `unknown bind propagation "${request.propagation}"`);
    return { ...request, source: cleanPath(request.source), target };
  }
  if (request.kind === 'volume') {
    if (request.source !== '' && !VOLUME_NAME.test(request.source))
      throw new InvalidOptionError('mount source', `"${request.source}" is not a volume name`);
    return { ...request, target };
  }
  if (request.source !== '') throw new InvalidOptionError('mount source', 'a tmpfs mount takes no source');
  return { ...request, target };
}

/** Refuses two mounts on one container path, which docker reports as "Duplicate mount point". */
export function checkDistinctTargets(mounts: MountRequest[]): void {
  const seen = new Set<string>();
  for (const mount of mounts) {
    if (seen.has(mount.target))
      throw new InvalidOptionError('mount', `duplicate mount point: ${mount.target}`);
    seen.add(mount.target);
  }
}
