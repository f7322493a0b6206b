import { InvalidArgumentError } from '../errors';
import { parseBytes } from './sizes';

/** One `--mount`, in the shape of the engine's MountSpec (its MountType as a name). */
export interface MountOption {
  type: 'bind' | 'volume' | 'tmpfs';
  source: string;
  target: string;
  readOnly: boolean;
  propagation: string;
  noCopy: boolean;
  volumeLabels: Record<string, string>;
  tmpfsSize: number;
  tmpfsMode: number;
}

const PROPAGATIONS = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);

/**
 * Parses docker's `--mount` grammar: comma-separated key=value pairs (type, source|src,
 * target|destination|dst, readonly|ro, bind-propagation, volume-nocopy, volume-label,
 * tmpfs-size, tmpfs-mode). Unknown keys are an error naming the key.
 */
export function parseMount(value: string): MountOption {
  const bad = (why: string) => new InvalidArgumentError(`invalid --mount "${value}": ${why}`);
  const mount: MountOption = {
    type: 'volume',
    source: '',
    target: '',
    readOnly: false,
    propagation: '',
    noCopy: false,
    volumeLabels: {},
    tmpfsSize: 0,
    tmpfsMode: 0,
  };
  for (const field of value.split(',')) {
    if (!field) continue;
    const eq = field.indexOf('=');
    const key = (eq === -1 ? field : field.slice(0, eq)).trim().toLowerCase();
    const val = eq === -1 ? undefined : field.slice(eq + 1);
    const flagValue = (): boolean => {
      if (val === undefined || val === 'true' || val === '1') return true;
      if (val === 'false' || val === '0') return false;
      throw bad(`${key} must be true or false, not "${val}"`);
    };
    const required = (): string => {
      if (val === undefined || val === '') throw bad(`${key} needs a value`);
      return val;
    };
    switch (key) {
      case 'type': {
        const type = required();
        if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') throw bad(`unknown type "${type}"`);
        mount.type = type;
        break;
      }
      case 'source':
      case 'src':
        mount.source = required();
        break;
      case 'target':
      case 'destination':
      case 'dst':
        mount.target = required();
        break;
      case 'readonly':
      case 'ro':
        mount.readOnly = flagValue();
        break;
      case 'bind-propagation':
        mount.propagation = required();
        if (!PROPAGATIONS.has(mount.propagation))
          throw bad(`unknown bind-propagation "${mount.propagation}"`);
        break;
      case 'volume-nocopy':
        mount.noCopy = flagValue();
        break;
      case 'volume-label': {
        const label = required();
        const labelEq = label.indexOf('=');
        mount.volumeLabels[labelEq === -1 ? label : label.slice(0, labelEq)] =
          labelEq === -1 ? '' : label.slice(labelEq + 1);
        break;
      }
      case 'tmpfs-size':
        mount.tmpfsSize = parseBytes(required(), 'tmpfs-size');
        break;
      case 'tmpfs-mode': {
        const mode = required();
        if (!/^[0-7]{1,4}$/.test(mode)) throw bad(`tmpfs-mode "${mode}" is not an octal mode`);
        mount.tmpfsMode = parseInt(mode, 8);
        break;
      }
      default:
        throw bad(`unknown key "${key}"`);
    }
  }
  if (!mount.target) throw bad('target is required');
  if (!mount.target.startsWith('/')) throw bad(`target "${mount.target}" is not an absolute path`);
  if (mount.type === 'bind' && !mount.source) throw bad('source is required for a bind mount');
  if (mount.type === 'tmpfs' && mount.source) throw bad('a tmpfs mount takes no source');
  if (mount.type !== 'bind' && mount.propagation) throw bad('bind-propagation applies to bind mounts only');
  if (mount.type !== 'volume' && (mount.noCopy || Object.keys(mount.volumeLabels).length)) {
    throw bad('volume-* options apply to volume mounts only');
  }
  if (mount.type !== 'tmpfs' && (mount.tmpfsSize || mount.tmpfsMode))
    throw bad('tmpfs-* options apply to tmpfs mounts only');
  return mount;
}
